-- Headless Neovim check of wit-lsp: `nvim --headless -u neovim.lua` with `wit-lsp` on PATH
-- and WIT_TEST_DIR (holding broken/broken.wit and good/good.wit, written by
-- run.sh). Opens broken.wit and waits for its diagnostics, then hovers a type in good.wit.
-- The client is started by the README's snippet, as run.sh extracted it: the
-- `vim.lsp.start` one (WIT_README_NVIM) on 0.8+, the 0.7 one (WIT_README_NVIM07) on Debian's
-- 0.7, which has no `vim.lsp.start`. Exits 0 on success, 1 otherwise.

local dir = assert(os.getenv('WIT_TEST_DIR'), 'WIT_TEST_DIR is not set')

local function say(text)
  io.stderr:write('nvim: ' .. text .. '\n')
end

local function fail(text)
  say('FAIL ' .. text)
  vim.cmd('cquit 1')
end

local ok, err = xpcall(function()
  -- The README's configuration, as a user would have it in init.lua.
  local snippet = vim.lsp.start and os.getenv('WIT_README_NVIM') or os.getenv('WIT_README_NVIM07')
  if not snippet or snippet == '' then
    fail('run.sh did not extract the README snippet')
  end
  say(string.format('Neovim %d.%d: the README snippet %s', vim.version().major, vim.version().minor,
    vim.lsp.start and 'for 0.8+ (vim.lsp.start)' or 'for 0.7 (vim.lsp.start_client)'))
  dofile(snippet)

  local client_id
  local function open(name)
    vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/' .. name))
    local buf = vim.api.nvim_get_current_buf()
    if vim.bo[buf].filetype ~= 'wit' then
      fail(name .. ' has filetype ' .. vim.bo[buf].filetype .. ', not wit')
    end
    local attached = vim.wait(10000, function() return next(vim.lsp.buf_get_clients(buf)) ~= nil end, 50)
    if not attached then
      fail('the README snippet attached no client to ' .. name)
    end
    client_id = next(vim.lsp.buf_get_clients(buf))
    return buf
  end

  local broken = open('broken/broken.wit')
  local initialized = vim.wait(20000, function()
    local client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized == true
  end, 50)
  if not initialized then
    fail('the server did not initialize within 20 s')
  end

  local got = vim.wait(20000, function() return #vim.diagnostic.get(broken) > 0 end, 50)
  if not got then
    fail('no diagnostics for broken.wit within 20 s')
  end
  local found = false
  for _, d in ipairs(vim.diagnostic.get(broken)) do
    say(string.format('diagnostic %d:%d %s', d.lnum + 1, d.col + 1, (d.message:gsub('\n.*', ''))))
    local line = vim.api.nvim_buf_get_lines(broken, d.lnum, d.lnum + 1, false)[1] or ''
    if d.severity == vim.diagnostic.severity.ERROR and line:sub(d.col + 1):find('^missing%-type') then
      found = true
    end
  end
  if not found then
    fail('no error diagnostic starting at missing-type')
  end
  say('ok diagnostics')

  local good = open('good/good.wit')
  local row, col
  for i, line in ipairs(vim.api.nvim_buf_get_lines(good, 0, -1, false)) do
    local s = line:find('a: point', 1, true)
    if s then
      row, col = i, s + 2 -- 0-based column of `point`
      break
    end
  end
  if not row then
    fail('good.wit has no `a: point`')
  end
  vim.api.nvim_win_set_cursor(0, { row, col })
  local params = vim.lsp.util.make_position_params()
  local client = vim.lsp.get_client_by_id(client_id)
  local text
  vim.wait(15000, function()
    local response = client.request_sync('textDocument/hover', params, 5000, good)
    if response and response.result and response.result.contents then
      local contents = response.result.contents
      local lines = vim.lsp.util.convert_input_to_markdown_lines(contents)
      text = table.concat(lines, '\n')
      return text ~= ''
    end
    if response and response.err then
      text = 'error: ' .. vim.inspect(response.err)
      -- The server does not serve hover at all: no point waiting.
      return response.err.code == -32601
    end
    return false
  end, 200)
  if not text or not text:find('record point', 1, true) then
    fail('hover on `point` did not show `record point`: ' .. tostring(text))
  end
  if not text:find('A point in the plane', 1, true) then
    fail('hover on `point` has no doc comment: ' .. text)
  end
  say('ok hover')
end, debug.traceback)

if not ok then
  fail(tostring(err))
end
say('PASS')
vim.cmd('qall!')
