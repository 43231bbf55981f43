// The code tree by parent code. It draws what Python sends (model "rows", "folded", "chosen",
// "question", "message", "message_row") and sends back what the reviewer did: {type: "choose" | "drop" |
// "confirm" | "cancel"}. Python changes the project and sends the new rows. Labels go into the
// page only as text (textContent, title, aria-label); colours only when they are hex colours.

import { el, mover, safeColour, stage } from "./drag.js";

const PATTERNS = ["stripes", "back-stripes", "dots", "cross", "grid"];

function render({ model, el: root }) {
  let refocus = null; // the code id to focus after the next draw

  const { box: tree, live, announce } = stage(root, "qs-ctree", "qs-ctree-live");
  let spoken = ""; // the tree's message as last put in the live region
  // what a move with the keyboard says ("… over 'Trust' (2 of 9)", "… has nowhere to go") is also
  // shown, for those who see the tree (the live region, read aloud, is out of sight)
  const carrying = el("p", "qs-ctree-carrying");
  carrying.setAttribute("aria-hidden", "true");
  const say = (text) => { announce(text); carrying.textContent = text; };

  // ------------------------------------------------------------ moving
  // a code goes onto another code (Python asks: nest or merge) or onto the top of the tree
  const moves = mover({
    root: tree,
    accepts: (row, node) => node.dataset.id !== row.id,
    drop: (row, node) => {
      refocus = row.id;
      model.send({ type: "drop", id: row.id, target: node.dataset.drop === "top" ? "" : node.dataset.id });
    },
    announce: say,
    hint: "Enter drops it here, Escape cancels.",
    ghost: "qs-ctree-ghost",
  });

  function movable(chip, row) {
    const item = { ...row, name: row.label };
    moves.draggable(chip, item);
    moves.keys(chip, item, (event) => {
      if (event.key === " ") {
        event.preventDefault();
        moves.pickUp(item, chip);
      } else if (event.key === "Enter") {
        event.preventDefault();
        model.send({ type: "choose", id: row.id });
      }
    });
  }

  // ------------------------------------------------------------ drawing
  function button(text, className, onClick) {
    const b = el("button", className, text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function questionBox(question, message) {
    const box = el("div", "qs-ctree-question");
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-label", "Nest or merge");
    if (message) box.append(el("div", "qs-ctree-asked", message));
    box.append(el("div", "qs-ctree-detail", question.detail || ""));
    const choices = el("div", "qs-ctree-choices");
    // after the answer, the focus goes to the row the tree then speaks of
    const answer = (content, focus) => () => { refocus = focus; model.send(content); };
    if (question.nest) choices.append(button(question.nest, "qs-ctree-nest", answer({ type: "confirm", choice: "nest" }, question.id)));
    choices.append(button(question.merge, "qs-ctree-merge", answer({ type: "confirm", choice: "merge" }, question.target)));
    choices.append(button("Cancel", "qs-ctree-cancel", answer({ type: "cancel" }, question.id)));
    box.append(choices);
    return box;
  }

  function aside(box, depth) {
    // a question or message in the list, under a row and indented like its chip
    const item = el("li", "qs-ctree-aside");
    item.setAttribute("role", "none");
    item.style.paddingLeft = `${depth * 18 + 28}px`;
    item.append(box);
    return item;
  }

  let shown = ""; // what the last draw showed: an echo of the same state draws nothing again
  function draw() {
    const rows = model.get("rows") || [];
    const folded = new Set(model.get("folded") || []);
    const chosen = model.get("chosen") || "";
    const question = model.get("question") || {};
    const message = model.get("message") || "";
    const at = model.get("message_row") || "";
    const key = JSON.stringify([rows, Array.from(folded).sort(), chosen, question, message, at]);
    if (key === shown) return;
    shown = key;
    // a colleague's change redraws the tree: keep carrying, over the same place
    const over = tree.querySelector(".qs-over");
    const place = over ? { drop: over.dataset.drop, id: over.dataset.id } : null;
    const carried = moves.putDown();
    const help = el("p", "qs-ctree-help",
      "Drag a code onto another code to nest or merge it, or onto “Top of the tree” to take it out " +
      "of its parent. Keyboard: Space picks up, arrow keys choose where, Enter drops, Escape cancels.");
    const top = el("div", "qs-ctree-top", "Top of the tree");
    top.dataset.drop = "top";
    top.dataset.name = "the top of the tree";
    const list = el("ul", "qs-ctree-list");
    list.setAttribute("role", "tree");
    list.setAttribute("aria-label", "Codes by parent code");
    const hidden = []; // depth below which rows are folded away
    const drawn = new Map(); // code id -> its row, for the rows on show
    const parents = new Map(rows.map((row) => [row.id, row.parent]));
    for (const row of rows) {
      while (hidden.length && hidden[hidden.length - 1] >= row.depth) hidden.pop();
      if (hidden.length) continue;
      const item = el("li", "qs-ctree-row");
      item.setAttribute("role", "treeitem");
      item.setAttribute("aria-level", String(row.depth + 1));
      item.style.paddingLeft = `${row.depth * 18}px`;
      if (row.has_children) {
        const open = !folded.has(row.id);
        item.setAttribute("aria-expanded", String(open));
        const fold = button(open ? "▾" : "▸", "qs-ctree-fold", () => {
          const now = new Set(model.get("folded") || []);
          if (now.has(row.id)) now.delete(row.id); else now.add(row.id);
          model.set("folded", Array.from(now));
          model.save_changes();
        });
        fold.setAttribute("aria-label", `${open ? "Fold" : "Unfold"} ${row.label}`);
        item.append(fold);
        if (!open) hidden.push(row.depth);
      } else {
        item.append(el("span", "qs-ctree-leaf"));
      }
      const chip = el("span", "qs-ctree-chip", row.label);
      chip.dataset.drop = "code";
      chip.dataset.id = row.id;
      chip.dataset.name = row.label;
      chip.tabIndex = 0;
      chip.setAttribute("role", "button");
      chip.setAttribute("aria-pressed", "false");
      chip.setAttribute("aria-current", String(row.id === chosen));
      // the whole label, wrapped onto more lines where the tree is narrow
      const counted = row.has_children ? `${row.own} · branch: ${row.branch}` : row.own;
      chip.setAttribute("aria-label", `${row.label}: ${counted}. Enter chooses it, Space picks it up to move it.`);
      const colour = safeColour(row.colour);
      chip.style.background = colour;
      chip.style.color = row.ink === "#FFFFFF" ? "#FFFFFF" : "#000000";
      if (PATTERNS.includes(row.pattern)) chip.classList.add(`qs-pat-${row.pattern}`);
      if (row.id === chosen) chip.classList.add("qs-chosen");
      chip.addEventListener("click", () => model.send({ type: "choose", id: row.id }));
      movable(chip, row);
      const counts = el("span", "qs-ctree-counts", row.has_children ? `${row.codings} · ${row.total} in branch` : String(row.codings));
      counts.title = counted;
      counts.setAttribute("aria-hidden", "true"); // the chip's label says it
      item.append(chip, counts);
      list.append(item);
      drawn.set(row.id, item);
      if (question.id && question.target === row.id) list.append(aside(questionBox(question, message), row.depth));
    }
    tree.replaceChildren(help, carrying, live, top, list);
    if (message !== spoken) {
      live.textContent = message; // a redraw (a colleague's change) says nothing again
      carrying.textContent = ""; // the move is over: what came of it shows under its row
    }
    spoken = message;
    if (message && !question.id) {
      // what came of a drop, under the row it concerns (or its branch's row, folded), or under the
      // top of the tree
      let id = at;
      while (id && !drawn.has(id)) id = parents.get(id) || "";
      const said = el("div", "qs-ctree-said", message);
      if (message.startsWith("Error: ")) said.classList.add("qs-ctree-error");
      if (id) drawn.get(id).after(aside(said, Number(drawn.get(id).getAttribute("aria-level")) - 1));
      else top.after(said);
    }
    if (carried) {
      const chip = tree.querySelector(`.qs-ctree-chip[data-id="${CSS.escape(carried.id)}"]`);
      if (chip) {
        chip.focus();
        moves.pickUp(carried, chip, (node) => place && node.dataset.drop === place.drop && node.dataset.id === place.id);
      } else {
        say(`${carried.name} is no longer in the tree.`);
      }
    } else if (refocus) {
      const id = refocus;
      refocus = null;
      const found = tree.querySelector(`.qs-ctree-question button`) ||
        tree.querySelector(`.qs-ctree-chip[data-id="${CSS.escape(id)}"]`);
      if (found) found.focus();
    }
  }

  const names = ["rows", "folded", "chosen", "question", "message", "message_row"];
  for (const name of names) model.on(`change:${name}`, draw);
  draw();
  return () => { for (const name of names) model.off(`change:${name}`, draw); };
}

export default { render };
