// Her replies in a small, safe part of Markdown: paragraphs, lists, code, bold, italics and
// links. It builds DOM nodes and sets only their text, never HTML, so nothing in a reply can
// become markup or script; a link is a link only to an http(s) address, else plain text.
"use strict";

const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,3}[.)]\s+(.*)$/;
const FENCE = /^\s*```/;
const HEADING = /^\s{0,3}#{1,6}\s+(.*)$/;
// `code`, **bold** or __bold__, *italics* or _italics_ (not inside a word), [text](address)
const INLINE = /`([^`\n]+)`|\*\*(?=\S)([^\n]*?\S)\*\*|(?<!\w)__(?=\S)([^\n]*?\S)__(?!\w)|\*(?=[^\s*])([^*\n]*?[^\s*])\*|(?<!\w)_(?=[^\s_])([^_\n]*?[^\s_])_(?!\w)|\[([^\]\n]+)\]\(([^()\s]+)\)/g;

function tag(name, ...children) {
  const node = document.createElement(name);
  node.append(...children);
  return node;
}

function safeHref(address) {
  try {
    const url = new URL(address);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch { return null; }
}

function inline(text) {
  // Text nodes and the few elements above, in order; anything else stays as typed.
  const out = [];
  let at = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > at) out.push(document.createTextNode(text.slice(at, m.index)));
    at = m.index + m[0].length;
    if (m[1] !== undefined) out.push(tag("code", m[1]));
    else if (m[2] !== undefined || m[3] !== undefined) out.push(tag("strong", ...inline(m[2] ?? m[3])));
    else if (m[4] !== undefined || m[5] !== undefined) out.push(tag("em", ...inline(m[4] ?? m[5])));
    else {
      const href = safeHref(m[7]);
      if (!href) { out.push(...inline(m[6])); continue; }
      const link = tag("a", ...inline(m[6]));
      link.href = href; link.target = "_blank"; link.rel = "noopener noreferrer nofollow";
      out.push(link);
    }
  }
  if (at < text.length) out.push(document.createTextNode(text.slice(at)));
  return out;
}

function startsBlock(line) {
  return FENCE.test(line) || BULLET.test(line) || NUMBERED.test(line) || HEADING.test(line);
}

function renderMarkdown(text) {
  // A fragment of block elements for ``text``; an unclosed ``` runs to the end (still streaming).
  const root = document.createDocumentFragment();
  const lines = text.split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (FENCE.test(line)) {
      const code = [];
      for (i += 1; i < lines.length && !FENCE.test(lines[i]); i += 1) code.push(lines[i]);
      i += 1;
      root.append(tag("pre", tag("code", code.join("\n"))));
    } else if (BULLET.test(line) || NUMBERED.test(line)) {
      const kind = BULLET.test(line) ? BULLET : NUMBERED;
      const list = tag(kind === BULLET ? "ul" : "ol");
      for (; i < lines.length && kind.test(lines[i]); i += 1) {
        list.append(tag("li", ...inline(lines[i].match(kind)[1])));
      }
      root.append(list);
    } else if (HEADING.test(line)) {
      root.append(tag("p", tag("strong", ...inline(line.match(HEADING)[1]))));
      i += 1;
    } else if (!line.trim()) {
      i += 1;
    } else {
      const para = [];
      for (; i < lines.length && lines[i].trim() && !startsBlock(lines[i]); i += 1) para.push(lines[i]);
      root.append(tag("p", ...inline(para.join("\n"))));
    }
  }
  return root;
}
