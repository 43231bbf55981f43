// Text with coded highlights; selecting with the mouse sends a span back.
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

function cut(runs, selection) {
  // split runs at the selection's ends, marking pieces inside the selection
  const pieces = [];
  const [s0, s1] = selection.length === 2 ? selection : [-1, -1];
  for (const [a, b, ids] of runs) {
    const points = [a, b];
    if (s0 > a && s0 < b) points.push(s0);
    if (s1 > a && s1 < b) points.push(s1);
    points.sort((x, y) => x - y);
    for (let i = 0; i + 1 < points.length; i++) {
      const x = points[i], y = points[i + 1];
      if (y > x) pieces.push({ start: x, end: y, ids, selected: x >= s0 && y <= s1 });
    }
  }
  return pieces;
}

function tint(hex, alpha) {
  const n = parseInt(safeColour(hex).slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "qs-text";
  root.tabIndex = 0;
  root.setAttribute("role", "document");
  root.setAttribute("aria-label", "Source text: select a span to code it");
  el.appendChild(root);

  function draw() {
    const points = Array.from(model.get("text"));
    const legend = model.get("legend");
    root.replaceChildren();
    for (const piece of cut(model.get("runs"), model.get("selection"))) {
      const span = document.createElement("span");
      span.dataset.start = piece.start;
      span.dataset.end = piece.end;
      span.textContent = points.slice(piece.start, piece.end).join("");
      if (piece.ids.length) {
        const entries = piece.ids.map((id) => legend[id]).filter(Boolean);
        span.classList.add("qs-coded");
        span.dataset.codings = piece.ids.join(" ");
        span.dataset.codes = entries.map((e) => String(e.label)).join("; ");
        if (entries.length) {
          span.style.backgroundColor = tint(entries[0].colour, 0.22);
          span.style.boxShadow = entries
            .map((e, i) => `inset 0 -${3 * (i + 1)}px 0 ${safeColour(e.colour)}`)
            .join(", ");
          span.style.paddingBottom = `${3 * entries.length}px`;
        }
        span.title = entries.map((e) => `${e.label} (${e.reviewer})`).join("\n");
      }
      if (piece.selected) span.classList.add("qs-selected");
      root.appendChild(span);
    }
  }

  function offsetOf(node, offset) {
    // code-point offset in the source text of a DOM (node, UTF-16 offset) position
    if (node.nodeType === Node.TEXT_NODE) {
      const span = node.parentElement.closest("span[data-start]");
      if (!span) return null;
      return Number(span.dataset.start) + Array.from(node.data.slice(0, offset)).length;
    }
    if (node === root) {
      const child = root.children[offset];
      if (child) return Number(child.dataset.start);
      return Array.from(model.get("text")).length;
    }
    const span = node.closest ? node.closest("span[data-start]") : null;
    if (!span) return null;
    return offset === 0 ? Number(span.dataset.start) : Number(span.dataset.end);
  }

  root.addEventListener("mouseup", (event) => {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0) return;
    const range = sel.getRangeAt(0);
    if (!root.contains(range.commonAncestorContainer)) return;
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
    const keys = ["[", "]", "a", "u", "n", "j", "k", "J", "K", "Escape", "z", "y"];
    if (!keys.includes(event.key)) return;
    if ((event.key === "z" || event.key === "y") && !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    model.send({ type: "key", key: event.key, ctrl: event.ctrlKey || event.metaKey, shift: event.shiftKey });
  });

  for (const name of ["text", "runs", "legend", "selection"]) model.on(`change:${name}`, draw);
  draw();
}

export default { render };
