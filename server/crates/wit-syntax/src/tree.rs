//! The concrete syntax tree: an immutable, flat, shareable store of nodes and tokens, and cheap
//! cursor handles (`SyntaxNode`, `SyntaxToken`) for walking it.
//!
//! The tree is stored as three flat arrays (nodes, tokens, child lists) behind one `Arc`, so it
//! is `Send + Sync`, cheap to clone, and dropping or walking it never recurses: a
//! 100,000-deep input cannot overflow the stack here.

use std::fmt;
use std::sync::Arc;

use crate::SyntaxKind;

/// A range of UTF-8 byte offsets `start..end` into the source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TextRange {
    start: u32,
    end: u32,
}

impl TextRange {
    /// A range from `start` to `end` (`start <= end`).
    pub fn new(start: u32, end: u32) -> TextRange {
        debug_assert!(start <= end);
        TextRange { start, end }
    }

    /// An empty range at `offset`.
    pub fn empty(offset: u32) -> TextRange {
        TextRange::new(offset, offset)
    }

    /// The first byte offset.
    pub fn start(self) -> u32 {
        self.start
    }

    /// One past the last byte offset.
    pub fn end(self) -> u32 {
        self.end
    }

    /// The length in bytes.
    pub fn len(self) -> u32 {
        self.end - self.start
    }

    /// True if the range is empty.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// True if `offset` lies in `start..=end` (a cursor at the end still touches the range).
    pub fn touches(self, offset: u32) -> bool {
        self.start <= offset && offset <= self.end
    }

    /// True if `other` lies entirely within this range.
    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True if the two ranges share at least one byte, or touch when one of them is empty.
    pub fn intersects(self, other: TextRange) -> bool {
        self.start.max(other.start) <= self.end.min(other.end)
    }

    /// The range as `usize` bounds, for slicing the source text.
    pub fn to_range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl fmt::Display for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct NodeData {
    pub(crate) kind: SyntaxKind,
    pub(crate) range: TextRange,
    pub(crate) parent: u32,
    pub(crate) children_start: u32,
    pub(crate) children_end: u32,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct TokenData {
    pub(crate) kind: SyntaxKind,
    pub(crate) range: TextRange,
    pub(crate) parent: u32,
}

/// A child reference: tokens have the high bit set.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ChildRef(u32);

const TOKEN_BIT: u32 = 1 << 31;

impl ChildRef {
    pub(crate) fn node(index: u32) -> ChildRef {
        ChildRef(index)
    }
    pub(crate) fn token(index: u32) -> ChildRef {
        ChildRef(index | TOKEN_BIT)
    }
    fn split(self) -> (bool, u32) {
        (self.0 & TOKEN_BIT != 0, self.0 & !TOKEN_BIT)
    }
}

#[derive(Debug)]
pub(crate) struct TreeData {
    pub(crate) text: String,
    pub(crate) nodes: Vec<NodeData>,
    pub(crate) tokens: Vec<TokenData>,
    pub(crate) children: Vec<ChildRef>,
}

/// A node of the syntax tree: a kind, a byte range and ordered children (nodes and tokens).
///
/// Cloning is cheap (an `Arc` and an index). Node 0 is the root.
#[derive(Clone)]
pub struct SyntaxNode {
    tree: Arc<TreeData>,
    index: u32,
}

/// A token (leaf) of the syntax tree, trivia included.
#[derive(Clone)]
pub struct SyntaxToken {
    tree: Arc<TreeData>,
    index: u32,
}

/// Either a node or a token.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SyntaxElement {
    /// An interior node.
    Node(SyntaxNode),
    /// A leaf token.
    Token(SyntaxToken),
}

impl PartialEq for SyntaxNode {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.tree, &other.tree) && self.index == other.index
    }
}
impl Eq for SyntaxNode {}
impl std::hash::Hash for SyntaxNode {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (Arc::as_ptr(&self.tree) as usize).hash(state);
        self.index.hash(state);
    }
}
impl PartialEq for SyntaxToken {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.tree, &other.tree) && self.index == other.index
    }
}
impl Eq for SyntaxToken {}
impl std::hash::Hash for SyntaxToken {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (Arc::as_ptr(&self.tree) as usize).hash(state);
        self.index.hash(state);
    }
}

impl fmt::Debug for SyntaxNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}@{}", self.kind(), self.text_range())
    }
}

impl fmt::Debug for SyntaxToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?}@{} {:?}",
            self.kind(),
            self.text_range(),
            self.text()
        )
    }
}

impl fmt::Display for SyntaxNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text())
    }
}

impl SyntaxNode {
    pub(crate) fn new_root(tree: Arc<TreeData>) -> SyntaxNode {
        SyntaxNode { tree, index: 0 }
    }

    fn data(&self) -> &NodeData {
        &self.tree.nodes[self.index as usize]
    }

    /// The node's kind.
    pub fn kind(&self) -> SyntaxKind {
        self.data().kind
    }

    /// The byte range the node covers (empty for a zero-width error marker).
    pub fn text_range(&self) -> TextRange {
        self.data().range
    }

    /// The source text the node covers, trivia inside it included.
    pub fn text(&self) -> &str {
        &self.tree.text[self.text_range().to_range()]
    }

    /// The whole source text of the tree this node belongs to.
    pub fn source_text(&self) -> &str {
        &self.tree.text
    }

    /// The parent node, `None` for the root.
    pub fn parent(&self) -> Option<SyntaxNode> {
        if self.index == 0 {
            return None;
        }
        Some(SyntaxNode {
            tree: self.tree.clone(),
            index: self.data().parent,
        })
    }

    /// This node and its ancestors, innermost first.
    pub fn ancestors(&self) -> impl Iterator<Item = SyntaxNode> + use<> {
        std::iter::successors(Some(self.clone()), SyntaxNode::parent)
    }

    fn child_elements(&self) -> impl Iterator<Item = SyntaxElement> + use<> {
        let tree = self.tree.clone();
        let data = *self.data();
        (data.children_start..data.children_end).map(move |i| {
            let (is_token, index) = tree.children[i as usize].split();
            if is_token {
                SyntaxElement::Token(SyntaxToken {
                    tree: tree.clone(),
                    index,
                })
            } else {
                SyntaxElement::Node(SyntaxNode {
                    tree: tree.clone(),
                    index,
                })
            }
        })
    }

    /// The references to this node's children, in source order.
    fn child_refs(&self) -> &[ChildRef] {
        let data = self.data();
        &self.tree.children[data.children_start as usize..data.children_end as usize]
    }

    /// Child nodes in source order (tokens skipped).
    pub fn children(&self) -> impl Iterator<Item = SyntaxNode> + use<> {
        self.children_where(|_| true)
    }

    /// Child nodes and tokens in source order.
    pub fn children_with_tokens(&self) -> impl Iterator<Item = SyntaxElement> + use<> {
        self.child_elements()
    }

    /// Direct child tokens in source order.
    pub fn child_tokens(&self) -> impl Iterator<Item = SyntaxToken> + use<> {
        let tree = self.tree.clone();
        let data = *self.data();
        (data.children_start..data.children_end).filter_map(move |i| {
            let (is_token, index) = tree.children[i as usize].split();
            is_token.then(|| SyntaxToken {
                tree: tree.clone(),
                index,
            })
        })
    }

    /// The first direct child node of `kind`.
    pub fn child_of_kind(&self, kind: SyntaxKind) -> Option<SyntaxNode> {
        self.first_child_where(|node_kind| node_kind == kind)
    }

    /// The first direct child node whose kind satisfies `wanted`.
    pub fn first_child_where(&self, wanted: impl Fn(SyntaxKind) -> bool) -> Option<SyntaxNode> {
        self.child_refs().iter().find_map(|child| {
            let (is_token, index) = child.split();
            (!is_token && wanted(self.tree.nodes[index as usize].kind)).then(|| SyntaxNode {
                tree: self.tree.clone(),
                index,
            })
        })
    }

    /// The direct child nodes whose kind satisfies `wanted`, in source order. Only the
    /// nodes returned hold a reference to the tree: the kinds are read from its arrays.
    pub fn children_where<F: Fn(SyntaxKind) -> bool>(
        &self,
        wanted: F,
    ) -> impl Iterator<Item = SyntaxNode> + use<F> {
        let tree = self.tree.clone();
        let data = *self.data();
        (data.children_start..data.children_end).filter_map(move |i| {
            let (is_token, index) = tree.children[i as usize].split();
            (!is_token && wanted(tree.nodes[index as usize].kind)).then(|| SyntaxNode {
                tree: tree.clone(),
                index,
            })
        })
    }

    /// The first direct child token of `kind`.
    pub fn token_of_kind(&self, kind: SyntaxKind) -> Option<SyntaxToken> {
        self.first_token_where(|token_kind| token_kind == kind)
    }

    /// The first direct child token whose kind satisfies `wanted`.
    pub fn first_token_where(&self, wanted: impl Fn(SyntaxKind) -> bool) -> Option<SyntaxToken> {
        self.child_refs().iter().find_map(|child| {
            let (is_token, index) = child.split();
            (is_token && wanted(self.tree.tokens[index as usize].kind)).then(|| SyntaxToken {
                tree: self.tree.clone(),
                index,
            })
        })
    }

    /// This node and all nodes below it, in preorder (iterative, no recursion).
    pub fn descendants(&self) -> impl Iterator<Item = SyntaxNode> + use<> {
        self.descendants_where(|_| true)
    }

    /// The nodes of [`SyntaxNode::descendants`] whose kind satisfies `wanted`; the others
    /// are walked without taking a reference to the tree.
    pub fn descendants_where<F: Fn(SyntaxKind) -> bool>(
        &self,
        wanted: F,
    ) -> impl Iterator<Item = SyntaxNode> + use<F> {
        let tree = self.tree.clone();
        let mut stack = vec![self.index];
        std::iter::from_fn(move || {
            loop {
                let index = stack.pop()?;
                let data = &tree.nodes[index as usize];
                for child in tree.children[data.children_start as usize..data.children_end as usize]
                    .iter()
                    .rev()
                {
                    let (is_token, child_index) = child.split();
                    if !is_token {
                        stack.push(child_index);
                    }
                }
                if wanted(data.kind) {
                    return Some(SyntaxNode {
                        tree: tree.clone(),
                        index,
                    });
                }
            }
        })
    }

    /// All nodes and tokens below this node (this node first), in preorder.
    pub fn descendants_with_tokens(&self) -> impl Iterator<Item = SyntaxElement> + use<> {
        let tree = self.tree.clone();
        let mut stack = vec![ChildRef::node(self.index)];
        std::iter::from_fn(move || {
            let child = stack.pop()?;
            let (is_token, index) = child.split();
            if is_token {
                return Some(SyntaxElement::Token(SyntaxToken {
                    tree: tree.clone(),
                    index,
                }));
            }
            let data = &tree.nodes[index as usize];
            stack.extend(
                tree.children[data.children_start as usize..data.children_end as usize]
                    .iter()
                    .rev()
                    .copied(),
            );
            Some(SyntaxElement::Node(SyntaxNode {
                tree: tree.clone(),
                index,
            }))
        })
    }

    /// All tokens inside this node in source order (trivia included).
    pub fn tokens(&self) -> impl Iterator<Item = SyntaxToken> + use<> {
        self.descendants_with_tokens().filter_map(|e| match e {
            SyntaxElement::Token(t) => Some(t),
            SyntaxElement::Node(_) => None,
        })
    }

    /// The first token inside this node, if any.
    pub fn first_token(&self) -> Option<SyntaxToken> {
        self.tokens().next()
    }

    /// The last token inside this node, if any.
    pub fn last_token(&self) -> Option<SyntaxToken> {
        let range = self.text_range();
        if range.is_empty() {
            return None;
        }
        // Tokens are stored in source order, so find the token ending at our end.
        let tokens = &self.tree.tokens;
        let index = tokens.partition_point(|t| t.range.end() < range.end());
        (index < tokens.len()).then(|| SyntaxToken {
            tree: self.tree.clone(),
            index: index as u32,
        })
    }

    /// The token covering `offset`; at a boundary between two tokens, the one to the right.
    /// `None` only for an empty file or an offset past the end.
    pub fn token_at_offset(&self, offset: u32) -> Option<SyntaxToken> {
        let tokens = &self.tree.tokens;
        let index = tokens.partition_point(|t| t.range.end() <= offset);
        if index < tokens.len() {
            return Some(SyntaxToken {
                tree: self.tree.clone(),
                index: index as u32,
            });
        }
        // At the very end of the file: the last token.
        (!tokens.is_empty() && offset as usize == self.tree.text.len()).then(|| SyntaxToken {
            tree: self.tree.clone(),
            index: tokens.len() as u32 - 1,
        })
    }

    /// The innermost node whose range contains `range`.
    pub fn covering_node(&self, range: TextRange) -> SyntaxNode {
        let mut node = self.clone();
        'descend: loop {
            for child in node.children() {
                if child.text_range().contains_range(range) && !child.text_range().is_empty() {
                    node = child;
                    continue 'descend;
                }
            }
            return node;
        }
    }

    /// An indented, one-element-per-line rendering of the tree, for tests and debugging.
    pub fn debug_dump(&self) -> String {
        let mut out = String::new();
        let mut depth_stack: Vec<(u32, usize)> = Vec::new();
        for element in self.descendants_with_tokens() {
            let range = match &element {
                SyntaxElement::Node(n) => n.text_range(),
                SyntaxElement::Token(t) => t.text_range(),
            };
            let parent = match &element {
                SyntaxElement::Node(n) => n.parent().map(|p| p.index),
                SyntaxElement::Token(t) => Some(t.parent().index),
            };
            while let Some((index, _)) = depth_stack.last() {
                if Some(*index) == parent {
                    break;
                }
                depth_stack.pop();
            }
            let depth = depth_stack.len();
            for _ in 0..depth {
                out.push_str("  ");
            }
            match &element {
                SyntaxElement::Node(n) => {
                    out.push_str(&format!("{:?}@{}\n", n.kind(), range));
                    depth_stack.push((n.index, depth));
                }
                SyntaxElement::Token(t) => {
                    out.push_str(&format!("{:?}@{} {:?}\n", t.kind(), range, t.text()));
                }
            }
        }
        out
    }
}

impl SyntaxToken {
    fn data(&self) -> &TokenData {
        &self.tree.tokens[self.index as usize]
    }

    /// The token's kind.
    pub fn kind(&self) -> SyntaxKind {
        self.data().kind
    }

    /// The token's byte range.
    pub fn text_range(&self) -> TextRange {
        self.data().range
    }

    /// The token's text.
    pub fn text(&self) -> &str {
        &self.tree.text[self.text_range().to_range()]
    }

    /// The node directly containing this token.
    pub fn parent(&self) -> SyntaxNode {
        SyntaxNode {
            tree: self.tree.clone(),
            index: self.data().parent,
        }
    }

    /// The next token in the file (trivia included).
    pub fn next_token(&self) -> Option<SyntaxToken> {
        let next = self.index + 1;
        ((next as usize) < self.tree.tokens.len()).then(|| SyntaxToken {
            tree: self.tree.clone(),
            index: next,
        })
    }

    /// The previous token in the file (trivia included).
    pub fn prev_token(&self) -> Option<SyntaxToken> {
        self.index.checked_sub(1).map(|index| SyntaxToken {
            tree: self.tree.clone(),
            index,
        })
    }

    /// True for `///` and `/** */` comments (but not `////` or `/**/`).
    pub fn is_doc_comment(&self) -> bool {
        is_doc_comment_text(self.kind(), self.text())
    }
}

/// True if a comment token's text is a doc comment.
pub(crate) fn is_doc_comment_text(kind: SyntaxKind, text: &str) -> bool {
    match kind {
        SyntaxKind::LINE_COMMENT => text.starts_with("///") && !text.starts_with("////"),
        SyntaxKind::BLOCK_COMMENT => {
            text.starts_with("/**") && !text.starts_with("/***") && text != "/**/"
        }
        _ => false,
    }
}

impl SyntaxElement {
    /// The element's kind.
    pub fn kind(&self) -> SyntaxKind {
        match self {
            SyntaxElement::Node(n) => n.kind(),
            SyntaxElement::Token(t) => t.kind(),
        }
    }

    /// The element's byte range.
    pub fn text_range(&self) -> TextRange {
        match self {
            SyntaxElement::Node(n) => n.text_range(),
            SyntaxElement::Token(t) => t.text_range(),
        }
    }

    /// The node, if this is one.
    pub fn into_node(self) -> Option<SyntaxNode> {
        match self {
            SyntaxElement::Node(n) => Some(n),
            SyntaxElement::Token(_) => None,
        }
    }

    /// The token, if this is one.
    pub fn into_token(self) -> Option<SyntaxToken> {
        match self {
            SyntaxElement::Node(_) => None,
            SyntaxElement::Token(t) => Some(t),
        }
    }
}

/// Builds a [`TreeData`] from a stream of start/token/finish calls.
pub(crate) struct TreeBuilder {
    nodes: Vec<NodeData>,
    tokens: Vec<TokenData>,
    children: Vec<ChildRef>,
    /// Open nodes: (node index, start of its pending children in `pending`).
    open: Vec<(u32, usize)>,
    pending: Vec<ChildRef>,
    /// The end of the last token added, for empty nodes' positions.
    cursor: u32,
}

impl TreeBuilder {
    pub(crate) fn new(token_capacity: usize) -> TreeBuilder {
        TreeBuilder {
            nodes: Vec::with_capacity(token_capacity / 2 + 1),
            tokens: Vec::with_capacity(token_capacity),
            children: Vec::with_capacity(token_capacity * 2),
            open: Vec::new(),
            pending: Vec::new(),
            cursor: 0,
        }
    }

    /// Opens a node; returns its index (used to change its kind later).
    pub(crate) fn start_node(&mut self, kind: SyntaxKind) -> u32 {
        let index = self.nodes.len() as u32;
        let parent = self.open.last().map_or(0, |(p, _)| *p);
        if !self.open.is_empty() {
            self.pending.push(ChildRef::node(index));
        }
        self.nodes.push(NodeData {
            kind,
            range: TextRange::empty(self.cursor),
            parent,
            children_start: 0,
            children_end: 0,
        });
        self.open.push((index, self.pending.len()));
        index
    }

    pub(crate) fn set_kind(&mut self, node: u32, kind: SyntaxKind) {
        self.nodes[node as usize].kind = kind;
    }

    pub(crate) fn token(&mut self, kind: SyntaxKind, range: TextRange) {
        let index = self.tokens.len() as u32;
        let parent = self.open.last().map_or(0, |(p, _)| *p);
        self.tokens.push(TokenData {
            kind,
            range,
            parent,
        });
        self.pending.push(ChildRef::token(index));
        self.cursor = range.end();
    }

    pub(crate) fn finish_node(&mut self) {
        let Some((index, pending_start)) = self.open.pop() else {
            return;
        };
        let children_start = self.children.len() as u32;
        let mut range: Option<TextRange> = None;
        for child in &self.pending[pending_start..] {
            let (is_token, child_index) = child.split();
            let child_range = if is_token {
                self.tokens[child_index as usize].range
            } else {
                self.nodes[child_index as usize].range
            };
            if child_range.is_empty() {
                // Empty markers do not stretch a node over trivia around them.
                continue;
            }
            range = Some(match range {
                None => child_range,
                Some(r) => TextRange::new(r.start(), child_range.end()),
            });
        }
        self.children.extend(self.pending.drain(pending_start..));
        let data = &mut self.nodes[index as usize];
        data.children_start = children_start;
        data.children_end = self.children.len() as u32;
        data.range = range.unwrap_or(TextRange::empty(data.range.start()));
    }

    pub(crate) fn finish(mut self, text: String) -> TreeData {
        while !self.open.is_empty() {
            self.finish_node();
        }
        if let Some(root) = self.nodes.first_mut() {
            root.range = TextRange::new(0, text.len() as u32);
        }
        TreeData {
            text,
            nodes: self.nodes,
            tokens: self.tokens,
            children: self.children,
        }
    }
}
