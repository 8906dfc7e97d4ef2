;;; emacs.el --- headless check of wit-lsp with eglot  -*- lexical-binding: t -*-
;; emacs --batch -l emacs.el, with WIT_TEST_DIR (broken/broken.wit, good/good.wit) and
;; WIT_README_EMACS (the README's eglot snippet, extracted by run.sh; it runs "wit-lsp",
;; which run.sh puts on PATH). Opens broken.wit, waits for the diagnostics, then hovers a
;; type in good.wit. Exits 0 on success, 1 otherwise.

(package-initialize)
(require 'eglot)
(require 'flymake)

(defun wit-test-say (fmt &rest args)
  (princ (concat "emacs: " (apply #'format fmt args) "\n") #'external-debugging-output))

(defun wit-test-fail (fmt &rest args)
  (wit-test-say "FAIL %s" (apply #'format fmt args))
  (kill-emacs 1))

(defun wit-test-wait (seconds predicate)
  "Process events until PREDICATE is non-nil or SECONDS pass; return its value."
  (let ((deadline (+ (float-time) seconds)) value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

(let ((dir (or (getenv "WIT_TEST_DIR") (wit-test-fail "WIT_TEST_DIR is not set")))
      (snippet (or (getenv "WIT_README_EMACS") (wit-test-fail "WIT_README_EMACS is not set"))))
  (condition-case err
      (progn
        ;; The README's configuration, as a user would have it in init.el.
        (load snippet nil t)
        (setq eglot-sync-connect 10)
        (find-file (expand-file-name "broken/broken.wit" dir))
        (unless (eq major-mode 'wit-mode)
          (wit-test-fail "broken.wit is in %s, not wit-mode" major-mode))
        (apply #'eglot (eglot--guess-contact))
        (unless (wit-test-wait 20 (lambda () (eglot-current-server)))
          (wit-test-fail "eglot did not connect"))
        (flymake-mode 1)
        (let ((diags (wit-test-wait
                      20 (lambda ()
                           (flymake-start)
                           (flymake-diagnostics)))))
          (unless diags
            (wit-test-fail "no diagnostics for broken.wit within 20 s"))
          (dolist (d diags)
            (wit-test-say "diagnostic %d: %s"
                          (line-number-at-pos (flymake-diagnostic-beg d))
                          (car (split-string (flymake-diagnostic-text d) "\n"))))
          (unless (seq-some (lambda (d)
                              (and (eq (flymake-diagnostic-type d) 'eglot-error)
                                   (string-prefix-p "missing-type"
                                                    (buffer-substring (flymake-diagnostic-beg d)
                                                                      (+ (flymake-diagnostic-beg d) 12)))))
                            diags)
            (wit-test-fail "no error diagnostic starting at missing-type")))
        (wit-test-say "ok diagnostics")
        (find-file (expand-file-name "good/good.wit" dir))
        ;; good.wit is another project (its own directory): start eglot for it too.
        (unless (eglot-current-server)
          (apply #'eglot (eglot--guess-contact)))
        (unless (wit-test-wait 20 (lambda () (eglot-current-server)))
          (wit-test-fail "good.wit is not managed by eglot"))
        (goto-char (point-min))
        (unless (search-forward "a: point" nil t)
          (wit-test-fail "good.wit has no `a: point'"))
        (backward-char 3)
        (let* ((text nil)
               (got (wit-test-wait
                     15 (lambda ()
                          (let* ((hover (jsonrpc-request (eglot--current-server-or-lose)
                                                         :textDocument/hover
                                                         (eglot--TextDocumentPositionParams)))
                                 (contents (and hover (plist-get hover :contents))))
                            (setq text (cond ((null contents) nil)
                                             ((stringp contents) contents)
                                             ((plist-get contents :value))
                                             (t (format "%S" contents))))
                            (and text (not (string-empty-p text))))))))
          (unless got
            (wit-test-fail "no hover on `point'"))
          (unless (string-search "record point" text)
            (wit-test-fail "hover on `point' does not show `record point': %s" text))
          (unless (string-search "A point in the plane" text)
            (wit-test-fail "hover on `point' has no doc comment: %s" text)))
        (wit-test-say "ok hover")
        (wit-test-say "PASS")
        (kill-emacs 0))
    (error (wit-test-fail "%S" err))))
