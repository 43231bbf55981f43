// Text with coded highlights and coding stripes; selecting with the mouse sends a span back.
// Offsets are Unicode code points, as in Python: Array.from(text) splits by them.
// Data (text, labels, reviewers) goes into the page only as text: textContent,
// dataset and title, never as markup; colours only when they are hex colours.

const NEUTRAL = "#999999";

function safeColour(value) {
  // "#rrggbb" or "#rgb" as "#rrggbb"; anything else (from a log or an import) is grey
  if (typeof value !== "string") return NEUTRAL;
  if (/^#[0-9A-Fa-f]{6}$/.test(value)) return value;
  if (/^#[0-9A-Fa-f]{3}$/.test(value)) return "#" + Array.from(value.slice(1), (c) => c + c).join("");
  return NEUTRAL;
}

function hintAt(hints, start, end) {
  // the suggestion hint [start, end, words, current] a piece lies in, or null (hints are few, sorted)
  for (const hint of hints || []) if (hint[0] <= start && end <= hint[1]) return hint;
  return null;
}

function markAt(marks, start, end) {
  // the kind of the Markdown mark [start, end, kind] (sorted, apart) a piece lies in, or ""
  const all = marks || [];
  let lo = 0, hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Number(all[mid][1]) <= start) lo = mid + 1; else hi = mid;
  }
  const mark = all[lo];
  return mark && Number(mark[0]) <= start && end <= Number(mark[1]) ? String(mark[2]) : "";
}

function cut(runs, selection, breaks, extra) {
  // split runs at the selection's ends, at paragraph starts (sorted) and at the extra points
  // (suggestion hints' and Markdown marks' ends), marking pieces inside the selection and the
  // paragraph (index into breaks) each sits in
  const pieces = [];
  const [s0, s1] = selection.length === 2 ? selection : [-1, -1];
  const starts = breaks || [];
  const cuts = (extra || []).slice().sort((x, y) => x - y);
  let para = -1;
  let next = 0; // the first paragraph start not yet passed
  let c = 0; // the first extra point not yet passed
  for (const [a, b, ids] of runs) {
    const points = [a, b];
    if (s0 > a && s0 < b) points.push(s0);
    if (s1 > a && s1 < b) points.push(s1);
    while (next < starts.length && starts[next] <= a) { para = next; next++; }
    for (let k = next; k < starts.length && starts[k] < b; k++) points.push(starts[k]);
    while (c < cuts.length && cuts[c] <= a) c++;
    for (let k = c; k < cuts.length && cuts[k] < b; k++) points.push(cuts[k]);
    points.sort((x, y) => x - y);
    for (let i = 0; i + 1 < points.length; i++) {
      const x = points[i], y = points[i + 1];
      while (next < starts.length && starts[next] <= x) { para = next; next++; }
      if (y > x) pieces.push({ start: x, end: y, ids, selected: x >= s0 && y <= s1, para });
    }
  }
  return pieces;
}

function columns(stripes) {
  // give each stripe [start, end, id] the leftmost column free over its lines;
  // stripes sorted by start, longer first; returns {id: column}
  const ends = [];
  const at = {};
  const sorted = stripes.slice().sort((p, q) => p[0] - q[0] || q[1] - p[1]);
  for (const [start, end, id] of sorted) {
    let col = ends.findIndex((e) => e <= start);
    if (col < 0) { col = ends.length; ends.push(end); } else ends[col] = end;
    at[id] = col;
  }
  return at;
}

function labelCap(width) {
  // how wide the stripes' labels may be: a share of the text's width, within bounds (px)
  return Math.round(Math.min(LABEL_MAX, Math.max(LABEL_MIN, width * LABEL_SHARE)));
}

function stack(items, gap) {
  // the labels [{top, height}] of one paragraph, in order: each level with its stripe's top, or
  // just under the label above it where they would meet; their tops and the last one's bottom
  const tops = [];
  let below = -Infinity;
  for (const { top, height } of items) {
    const at = Math.max(top, below);
    tops.push(at);
    below = at + height + gap;
  }
  return { tops, bottom: tops.length ? below - gap : 0 };
}

function tint(hex, alpha) {
  const n = parseInt(safeColour(hex).slice(1), 16);
  const a = Math.min(1, Math.max(0, Number(alpha) || 0));
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}

// patterns a code is drawn with once the palette is used up (synthesis.palette.PATTERNS); the
// gradients are in textspan.css, in the colour set as --qs-pat
const PATTERNS = new Set(["stripes", "dots", "cross", "back-stripes", "grid"]);

function pattern(node, name, colour) {
  if (!PATTERNS.has(name)) return;
  node.classList.add(`qs-pat-${name}`);
  node.style.setProperty("--qs-pat", safeColour(colour));
}

function images(name, ink) {
  // a pattern as CSS images in the colour ink (as textspan.css draws it on a stripe), each with
  // the width of the tile it repeats in ("" for as wide as the box)
  const lines = (angle, width, gap) =>
    `repeating-linear-gradient(${angle}deg, ${ink} 0 ${width}px, transparent ${width}px ${gap}px)`;
  switch (PATTERNS.has(name) ? name : "") {
    case "stripes": return [[lines(45, 2, 6), ""]];
    case "back-stripes": return [[lines(-45, 2, 6), ""]];
    case "cross": return [[lines(45, 1, 5), ""], [lines(-45, 1, 5), ""]];
    case "grid": return [[lines(0, 1, 5), ""], [lines(90, 1, 5), ""]];
    case "dots": return [[`radial-gradient(${ink} 1.5px, transparent 1.6px)`, "5px"]];
    default: return [];
  }
}

// how a pattern is named in a highlight's tooltip
const PATTERN_WORDS = { stripes: "striped", "back-stripes": "striped the other way", dots: "dotted",
  cross: "cross-hatched", grid: "squared" };

function describe(entries) {
  // a highlight's tooltip: every code on it, who applied it, and its pattern when it has one
  return entries.map((e) => {
    const drawn = PATTERNS.has(e.pattern) ? `, ${PATTERN_WORDS[e.pattern]}` : "";
    return `${e.label} (${e.reviewer})${drawn}`;
  }).join("\n");
}

function paint(node, look) {
  // every code on a highlighted span (synthesis.highlight): behind the text a slice per code,
  // tinted with its colour and carrying its pattern in that colour (faint: the text keeps its
  // contrast), and under the text a band per code in its colour, its pattern in black or white
  const layers = (look.layers || []).filter((l) => Array.isArray(l) && l.length === 6);
  const n = layers.length;
  if (!n) return;
  const band = Math.max(1, Math.min(8, Number(look.band) || 3));
  const under = n * band;
  const drawn = []; // [image, size, position, repeat], the topmost first
  layers.forEach(([, colour, name, ink], i) => {
    const at = `0 calc(100% - ${i * band}px)`;
    for (const [image, tile] of images(name, safeColour(ink))) drawn.push([image, `${tile || "100%"} ${band}px`, at, "repeat-x"]);
    const solid = safeColour(colour);
    drawn.push([`linear-gradient(${solid}, ${solid})`, `100% ${band}px`, at, "no-repeat"]);
  });
  const high = `calc((100% - ${under}px) / ${n})`;
  layers.forEach(([, colour, name, , tinted, shade], k) => {
    // slice k's top is k slices down: a background position of p% puts it at p% of (box - slice)
    const at = n === 1 ? "0 0" : `0 calc(${(100 * k) / (n - 1)}% - ${(k * under) / (n - 1)}px)`;
    for (const [image, tile] of images(name, tint(colour, shade))) {
      if (n === 1 && tile) drawn.push([image, `${tile} ${tile}`, at, "repeat"]); // the bands lie over it
      else drawn.push([image, `${tile || "100%"} ${high}`, at, "repeat-x"]);
    }
    const wash = tint(colour, tinted);
    drawn.push([`linear-gradient(${wash}, ${wash})`, `100% ${high}`, at, "no-repeat"]);
    if (PATTERNS.has(name)) node.classList.add(`qs-pat-${name}`);
  });
  node.style.backgroundImage = drawn.map((d) => d[0]).join(", ");
  node.style.backgroundSize = drawn.map((d) => d[1]).join(", ");
  node.style.backgroundPosition = drawn.map((d) => d[2]).join(", ");
  node.style.backgroundRepeat = drawn.map((d) => d[3]).join(", ");
  node.style.paddingBottom = `${under}px`;
}

const STRIPE = 10; // px per stripe column (a bar and the space beside it)
const GAP = 4; // px between the last stripe column and the labels
const LABEL_PAD = 10; // px a label adds to its text's width (padding, and a little to spare)
const LABEL_GAP = 2; // px between labels one under another
const LABEL_MIN = 96, LABEL_MAX = 176, LABEL_SHARE = 0.27; // the labels' width: px, px, share of the text
const CHUNK = 20000; // code points (at least) drawn together, in whole paragraphs
const EAGER = 200000; // a text up to this length is drawn whole; a longer one as it comes into view

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "qs-text";
  root.tabIndex = 0;
  root.setAttribute("role", "document");
  root.setAttribute("aria-label", "Source text: select a span to code it");
  const body = document.createElement("div");
  body.className = "qs-body";
  const lane = document.createElement("div");
  lane.className = "qs-stripes";
  lane.setAttribute("aria-label", "Coding stripes");
  root.append(body, lane);
  el.appendChild(root);

  let rooms = new Map(); // paragraph index -> the room (px) under it for its stripes' labels
  let paras = new Map(); // paragraph index -> its element, for the paragraphs drawn
  let measure = null; // a canvas that measures labels
  let widths = new Map(), measuredFont = ""; // labels measured, in measuredFont
  let firstPiece = new Map(); // offset -> first piece element starting there
  let lastPiece = new Map(); // offset -> last piece element ending there
  let pending = 0;
  let points = [];
  let textSeen = null;
  let chunks = []; // {start, end, pieces, div, filled}: the text in runs of whole paragraphs
  const observer = typeof IntersectionObserver === "undefined" ? null : new IntersectionObserver((entries) => {
    let filled = false;
    for (const entry of entries) {
      const chunk = chunks[Number(entry.target.dataset.chunk)];
      if (entry.isIntersecting && chunk && chunk.div === entry.target && !chunk.filled) { fill(chunk); filled = true; }
    }
    if (filled) placeStripes();
  }, { root, rootMargin: "100% 0px" });

  function fill(chunk) {
    // draw one chunk's paragraphs and pieces (its placeholder height goes)
    const legend = model.get("legend");
    const paragraphs = model.get("paragraphs") || [];
    const blocks = new Map();
    function block(index) {
      if (!blocks.has(index)) {
        const div = document.createElement("div");
        div.className = "qs-para";
        div.qsIndex = index;
        if (rooms.get(index)) div.style.paddingBottom = `${rooms.get(index)}px`; // as before a redraw
        paras.set(index, div);
        if (index >= 0) {
          div.dataset.n = String(index + 1);
          if (paragraphs[index][1] === "h") {
            div.classList.add("qs-heading");
            div.setAttribute("role", "heading");
            div.setAttribute("aria-level", "4");
          }
        }
        blocks.set(index, div);
        chunk.div.appendChild(div);
      }
      return blocks.get(index);
    }
    for (const piece of chunk.pieces) {
      const span = document.createElement("span");
      span.dataset.start = piece.start;
      span.dataset.end = piece.end;
      span.textContent = points.slice(piece.start, piece.end).join("");
      if (piece.ids.length) {
        const entries = piece.ids.map((id) => legend[id]).filter(Boolean);
        span.classList.add("qs-coded");
        span.dataset.codings = piece.ids.join(" ");
        span.dataset.codes = entries.map((e) => String(e.label)).join("; ");
        const key = entries.map((e) => `${e.label}\t${e.colour}\t${e.pattern || ""}`).join("\n"); // textspan.look_key
        const look = (model.get("looks") || {})[key];
        if (entries.length && look) paint(span, look);
        span.title = describe(entries);
        // a coding with a memo ends in a small marker (CSS ::after, so never part of a quote);
        // hovering it shows the memo
        const memos = entries.filter((e) => e.memo && Number(e.end) === piece.end);
        if (memos.length) {
          span.classList.add("qs-memo-end");
          span.title += "\n\n" + memos.map((e) => `Memo on ${e.label}:\n${e.memo}`).join("\n\n");
        }
      }
      const hint = piece.ids.length ? null : hintAt(model.get("hints"), piece.start, piece.end);
      if (hint) {
        span.classList.add("qs-suggested");
        if (hint[3]) span.classList.add("qs-suggested-current");
        span.title = String(hint[2]);
      }
      if (piece.selected) span.classList.add("qs-selected");
      // Markdown bold: the words bold, the ** around them out of sight but still in the text
      const mark = markAt(model.get("marks"), piece.start, piece.end);
      if (mark === "bold") span.classList.add("qs-bold");
      else if (mark === "marker") span.classList.add("qs-markup");
      if (!firstPiece.has(piece.start)) firstPiece.set(piece.start, span);
      lastPiece.set(piece.end, span);
      block(piece.para).appendChild(span);
    }
    chunk.div.style.height = "";
    chunk.filled = true;
  }

  function draw() {
    const text = model.get("text");
    const fresh = text !== textSeen; // another source (or its text changed): start at its top
    if (fresh) { points = Array.from(text); textSeen = text; rooms = new Map(); }
    const paragraphs = model.get("paragraphs") || [];
    const ends = (model.get("hints") || []).concat(model.get("marks") || []).flatMap((h) => [Number(h[0]), Number(h[1])]);
    const pieces = cut(model.get("runs"), model.get("selection"), paragraphs.map((p) => p[0]), ends);
    // chunks that were drawn and near the screen are drawn again at once (no flicker)
    const box = root.getBoundingClientRect();
    const near = new Set(chunks.filter((c) => {
      if (fresh || !c.filled) return false;
      const r = c.div.getBoundingClientRect();
      return r.bottom >= box.top - box.height && r.top <= box.bottom + box.height;
    }).map((c) => c.start));
    chunks = [];
    let current = null, para = -2, paras = 0;
    for (const piece of pieces) {
      if (!current || (piece.para !== para && piece.start - current.start >= CHUNK)) {
        current = { start: piece.start, end: piece.start, pieces: [], paras: 0, filled: false };
        chunks.push(current);
      }
      if (piece.para !== para) current.paras++;
      current.pieces.push(piece);
      current.end = piece.end;
      para = piece.para;
    }
    if (observer) observer.disconnect();
    // the same text stays where it was scrolled to (emptying the body would take it back to the top)
    const scrolled = fresh ? 0 : root.scrollTop;
    body.replaceChildren();
    paras = new Map();
    firstPiece = new Map();
    lastPiece = new Map();
    const eager = points.length <= EAGER || !observer;
    const perLine = Math.max(20, (body.clientWidth || 600) / 7.5); // characters a line holds, roughly
    chunks.forEach((chunk, i) => {
      chunk.div = document.createElement("div");
      chunk.div.className = "qs-chunk";
      chunk.div.dataset.chunk = String(i);
      body.appendChild(chunk.div);
      if (eager || near.has(chunk.start)) fill(chunk);
      else {
        const lines = (chunk.end - chunk.start) / perLine + 2 * chunk.paras;
        chunk.div.style.height = `${Math.round(lines * 28.5)}px`;
      }
      if (observer && !eager) observer.observe(chunk.div);
    });
    if (!eager && !near.size && chunks.length) fill(chunks[0]);
    root.scrollTop = scrolled;
    placeStripes();
  }

  function widthOf(text, font) {
    // how wide a label's text is on one line, in px (each label measured once per font)
    if (font !== measuredFont) { widths = new Map(); measuredFont = font; }
    const known = widths.get(text);
    if (known !== undefined) return known;
    if (!measure) measure = document.createElement("canvas").getContext("2d");
    if (!measure) return LABEL_MAX;
    measure.font = font;
    const width = measure.measureText(text).width;
    widths.set(text, width);
    return width;
  }

  function drawnPiece(span, forward) {
    // the piece at span, or the nearest one after (forward) or before it in its paragraph, that is
    // drawn: a Markdown marker has no height to place a stripe by
    let node = span;
    while (node && node.classList.contains("qs-markup")) node = forward ? node.nextElementSibling : node.previousElementSibling;
    return node || span;
  }

  function placeStripes() {
    // bars beside the text over the lines each coding covers, and each one's code as a label
    // beside the bars; positions need layout, so they are worked out in the next frame, once,
    // however many changes came
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      const legend = model.get("legend");
      const shown = (model.get("stripes") || []).filter((id) => legend[id]);
      const spans = shown.map((id) => [Number(legend[id].start), Number(legend[id].end), id]);
      const col = columns(spans);
      let most = 0; // (a loop, not Math.max(...): a source may have thousands of codings)
      for (const id in col) most = Math.max(most, col[id]);
      const bars = spans.length ? (most + 1) * STRIPE : 0;
      // the labels' gutter is as wide as the longest label needs, up to a share of the text's
      // width (the same wherever the text is scrolled, so the text never reflows on scrolling)
      const style = getComputedStyle(lane);
      const font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      let need = 0;
      for (const id of shown) need = Math.max(need, widthOf(String(legend[id].label), font));
      const labels = spans.length ? Math.min(labelCap(root.clientWidth), Math.ceil(need) + LABEL_PAD) : 0;
      lane.style.width = spans.length ? `${bars + GAP + labels}px` : "0px";
      lane.style.setProperty("--qs-label-width", `${labels}px`);
      root.classList.toggle("qs-has-stripes", spans.length > 0);
      const top0 = body.getBoundingClientRect().top;
      // only the stripes near what is on screen: asking where text far away is costs time
      const viewTop = root.scrollTop - root.clientHeight, viewBottom = root.scrollTop + 2 * root.clientHeight;
      const near = (a, b) => !(b.offsetTop + b.offsetHeight < viewTop || a.offsetTop > viewBottom);
      const placed = []; // each bar with its paragraphs and its ends' places in them
      for (const [start, end, id] of spans) {
        const first = firstPiece.get(start), last = lastPiece.get(end);
        if (!first || !last) continue;
        const a = first.parentElement, b = last.parentElement;
        if (!near(a, b)) continue;
        const one = drawnPiece(first, true), two = drawnPiece(last, false);
        const rects = [one.getClientRects()[0], two.getClientRects()[two.getClientRects().length - 1]];
        if (!rects[0] || !rects[1]) continue;
        const entry = legend[id];
        const bar = document.createElement("div");
        bar.className = "qs-stripe";
        bar.dataset.coding = id;
        bar.setAttribute("role", "button");
        bar.tabIndex = -1;
        bar.style.left = `${col[id] * STRIPE}px`;
        bar.style.backgroundColor = safeColour(entry.colour);
        pattern(bar, entry.pattern, entry.ink || "#000000");
        const label = document.createElement("span");
        label.className = "qs-stripe-label";
        label.textContent = String(entry.label);
        label.style.backgroundColor = safeColour(entry.colour);
        label.style.color = safeColour(entry.ink || "#000000");
        label.style.left = `${bars + GAP - col[id] * STRIPE}px`;
        bar.appendChild(label);
        // the whole label, also where three lines cannot hold it
        bar.title = `${entry.label} (${entry.reviewer}): click to select this coding`;
        bar.setAttribute("aria-label", `${entry.label}, coded by ${entry.reviewer}`);
        placed.push({ id, a, b, bar, label, top: rects[0].top - a.getBoundingClientRect().top,
          bottom: rects[1].bottom - b.getBoundingClientRect().top });
      }
      lane.replaceChildren(...placed.map((p) => p.bar));
      // labels level with their stripes' first lines, one under another where they would meet; a
      // paragraph whose labels reach below its text gets the room they need under it
      const groups = new Map();
      for (const p of placed) {
        if (!groups.has(p.a)) groups.set(p.a, []);
        groups.get(p.a).push(p);
      }
      const room = new Map();
      for (const [para, items] of groups) {
        items.sort((p, q) => p.top - q.top || col[p.id] - col[q.id]);
        const { tops, bottom } = stack(items.map((p) => ({ top: p.top, height: p.label.offsetHeight })), LABEL_GAP);
        items.forEach((p, i) => { p.labelTop = tops[i]; });
        const text = para.offsetHeight - (rooms.get(para.qsIndex) || 0);
        room.set(para, Math.max(0, Math.ceil(bottom - text)));
      }
      for (const index of rooms.keys()) {
        const para = paras.get(index);
        if (para && !room.has(para) && near(para, para)) room.set(para, 0);
      }
      for (const [para, px] of room) {
        if ((rooms.get(para.qsIndex) || 0) === px) continue;
        para.style.paddingBottom = px ? `${px}px` : "";
        if (px) rooms.set(para.qsIndex, px); else rooms.delete(para.qsIndex);
      }
      // where each paragraph is, read once for all its bars before any is moved (reading between
      // writes would make the browser lay the page out again for every bar)
      const at = new Map();
      for (const p of placed) {
        for (const para of [p.a, p.b]) if (!at.has(para)) at.set(para, para.getBoundingClientRect().top - top0);
      }
      for (const p of placed) {
        const top = at.get(p.a) + p.top;
        const bottom = at.get(p.b) + p.bottom;
        p.bar.style.top = `${top}px`;
        p.bar.style.height = `${Math.max(bottom - top, 12)}px`;
        p.label.style.top = `${p.labelTop - p.top}px`;
      }
    });
  }

  function mark(id, on) {
    for (const span of body.querySelectorAll(`span[data-codings~="${CSS.escape(id)}"]`)) {
      span.classList.toggle("qs-hovered", on);
    }
  }

  lane.addEventListener("mouseover", (event) => {
    const bar = event.target.closest(".qs-stripe");
    if (bar) mark(bar.dataset.coding, true);
  });
  lane.addEventListener("mouseout", (event) => {
    const bar = event.target.closest(".qs-stripe");
    if (bar && !bar.contains(event.relatedTarget)) mark(bar.dataset.coding, false);
  });
  lane.addEventListener("mousedown", (event) => event.preventDefault()); // no text selection
  lane.addEventListener("click", (event) => {
    const bar = event.target.closest(".qs-stripe");
    if (bar) model.send({ type: "stripe", coding: bar.dataset.coding });
  });

  function offsetOf(node, offset) {
    // code-point offset in the source text of a DOM (node, UTF-16 offset) position
    if (node.nodeType === Node.TEXT_NODE) {
      const span = node.parentElement.closest("span[data-start]");
      if (!span) return null;
      return Number(span.dataset.start) + Array.from(node.data.slice(0, offset)).length;
    }
    if (node === body || (node.classList && (node.classList.contains("qs-para") || node.classList.contains("qs-chunk")))) {
      const child = node.childNodes[offset];
      const span = child && (child.matches("span[data-start]") ? child : child.querySelector("span[data-start]"));
      if (span) return Number(span.dataset.start);
      const spans = node.querySelectorAll("span[data-start]");
      if (spans.length) return Number(spans[spans.length - 1].dataset.end);
      return Array.from(model.get("text")).length;
    }
    if (node === root) return offset === 0 ? 0 : Array.from(model.get("text")).length;
    const span = node.closest ? node.closest("span[data-start]") : null;
    if (!span) return null;
    return offset === 0 ? Number(span.dataset.start) : Number(span.dataset.end);
  }

  root.addEventListener("mouseup", (event) => {
    if (lane.contains(event.target)) return;
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0) return;
    const range = sel.getRangeAt(0);
    if (!body.contains(range.commonAncestorContainer) && range.commonAncestorContainer !== root) return;
    if (sel.isCollapsed) {
      const span = event.target.closest("span[data-start]");
      if (span && span.dataset.codings) {
        const at = offsetOf(range.startContainer, range.startOffset);
        model.send({ type: "click", offset: at === null ? Number(span.dataset.start) : at });
      }
      return;
    }
    const a = offsetOf(range.startContainer, range.startOffset);
    const b = offsetOf(range.endContainer, range.endOffset);
    if (a === null || b === null) return;
    model.set("selection", [Math.min(a, b), Math.max(a, b)]);
    model.save_changes();
    sel.removeAllRanges();
  });

  root.addEventListener("keydown", (event) => {
    // keep JupyterLab's notebook shortcuts out of the text while it has focus
    event.stopPropagation();
    const keys = ["[", "]", "a", "u", "n", "j", "k", "J", "K", "Escape", "z", "y", "s", "x", "S"];
    if (!keys.includes(event.key)) return;
    if ((event.key === "z" || event.key === "y") && !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    model.send({ type: "key", key: event.key, ctrl: event.ctrlKey || event.metaKey, shift: event.shiftKey });
  });

  function jump(movePage) {
    // scroll the text so that the span asked for is in its middle; asked for now (not when the view
    // is drawn again, e.g. in a second view of the output), also the page, if the span is out of sight
    const [start] = model.get("jump") || [];
    if (start === undefined) return;
    requestAnimationFrame(() => {
      // after this update is drawn (a new source's text may come with the jump)
      const chunk = chunks.find((c) => c.start <= start && start < c.end);
      if (chunk && !chunk.filled) fill(chunk);
      let span = firstPiece.get(start);
      if (!span) span = Array.from(body.querySelectorAll("span[data-start]")).find((s) => Number(s.dataset.end) > start);
      if (!span) return;
      const offset = span.getBoundingClientRect().top - root.getBoundingClientRect().top;
      root.scrollTop += offset - root.clientHeight / 2;
      if (!movePage) return;
      // only the one box that scrolls the page (the notebook's panel in JupyterLab, the window in
      // Voila) is moved, by as much as puts the span in its middle: no other box around it
      const outer = scrollingParent(root);
      const area = outer ? outer.getBoundingClientRect() : { top: 0, bottom: window.innerHeight };
      const box = span.getBoundingClientRect();
      if (box.top >= area.top && box.bottom <= area.bottom) return;
      const by = box.top - (area.top + area.bottom) / 2;
      if (outer) outer.scrollTop += by;
      else window.scrollBy(0, by);
    });
  }

  function scrollingParent(element) {
    // the nearest box around the text that scrolls (the notebook's panel in JupyterLab)
    for (let e = element.parentElement; e; e = e.parentElement) {
      const y = getComputedStyle(e).overflowY;
      if ((y === "auto" || y === "scroll") && e.scrollHeight > e.clientHeight) return e;
    }
    return null;
  }

  for (const name of ["text", "runs", "legend", "selection", "paragraphs", "hints", "marks"]) model.on(`change:${name}`, draw);
  model.on("change:stripes", placeStripes);
  root.addEventListener("scroll", placeStripes, { passive: true });
  model.on("change:jump", () => jump(true));
  if (typeof ResizeObserver !== "undefined") new ResizeObserver(() => placeStripes()).observe(body);
  draw();
  jump(false);
}

export default { render };
