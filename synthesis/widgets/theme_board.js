// The theme board: code cards in descriptive themes, descriptive themes in analytical themes.
// It draws what Python sends (model "board", "chosen", "message") and sends back what the
// reviewer did ({type: "move" | "choose"}); Python changes the project and sends the new board.
// Data (labels, names, questions) goes into the page only as text (textContent, title,
// aria-label), never as markup; colours only when they are hex colours.

import { el, mover, safeColour, stage } from "./drag.js";

function ink(value) {
  return value === "#FFFFFF" ? "#FFFFFF" : "#000000";
}

function plural(n, word, many) {
  return `${n} ${n === 1 ? word : many || word + "s"}`;
}

function render({ model, el: root }) {
  let refocus = null; // {what, id, theme}: the element to focus after the next draw

  const { box: board, live, announce } = stage(root, "qs-board", "qs-board-live");

  function send(message) {
    model.send(message);
  }

  // ------------------------------------------------------------ moving
  // a code card goes onto a descriptive theme ("code" targets), a descriptive theme onto an
  // analytical theme ("theme" targets)
  const kindOf = (item) => (item.what === "code" ? "code" : "theme");

  function drop(item, to, copy) {
    if (to === item.from && !copy) {
      announce(`${item.name} stays where it was.`);
      return;
    }
    refocus = { what: item.what, id: item.id, theme: to };
    send({ type: "move", what: item.what, id: item.id, from: item.from, to, copy: !!copy });
  }

  const moves = mover({
    root: board,
    accepts: (item, node) => node.dataset.drop === kindOf(item),
    drop: (item, node, copy) => drop(item, node.dataset.theme, copy),
    announce,
    hint: "Enter drops it here, Ctrl+Enter adds it and keeps it where it was, Escape cancels.",
    ghost: "qs-ghost",
  });

  function draggable(node, item, handle) {
    moves.draggable(node, item);
    moves.keys(handle, item, (event) => {
      if (event.key === " " || event.key === "Enter") {
        event.preventDefault();
        moves.pickUp(item, handle, (target) => target.dataset.theme === item.from);
      }
    });
  }

  function dropTarget(node, kind, theme, name) {
    node.dataset.drop = kind;
    node.dataset.theme = theme;
    node.dataset.name = name;
  }

  // ------------------------------------------------------------ drawing
  function elsewhere(names, here, none) {
    // where else a card or theme sits: the box it is drawn in says the rest
    const others = names.filter((name) => name !== here);
    if (!names.length) return none;
    return others.length ? `Also in ${others.join(", ")}` : "";
  }

  function codeCard(data, id, from, fromName = "") {
    const code = data.codes[id];
    const card = el("div", "qs-card");
    card.dataset.what = "code";
    card.dataset.id = id;
    card.dataset.theme = from;
    card.tabIndex = 0;
    card.setAttribute("role", "button");
    card.setAttribute("aria-roledescription", "code card");
    card.setAttribute("aria-pressed", "false");
    const where = code.themes.length ? `In ${code.themes.join(", ")}` : "Not in a theme";
    const counts = `${plural(code.codings, "coding")} · ${plural(code.studies, "study", "studies")}`;
    card.setAttribute("aria-label", `${code.label}: ${counts}. ${where}. Space picks it up to move it.`);
    card.title = `${code.label}\n${counts}\n${where}`;
    const label = el("div", "qs-card-label", code.label);
    label.style.background = safeColour(code.colour);
    label.style.color = ink(code.ink);
    card.append(label, el("div", "qs-card-counts", counts));
    const also = elsewhere(code.themes, fromName, "Not in a theme");
    if (also) card.append(el("div", "qs-card-where", also));
    draggable(card, { what: "code", id, from, name: `code ${code.label}`, label: code.label }, card);
    return card;
  }

  function chooser(theme, chosen) {
    const button = el("button", "qs-theme-name", theme.name);
    button.type = "button";
    button.title = `${theme.name}: show its page below`;
    button.setAttribute("aria-pressed", String(theme.id === chosen));
    button.addEventListener("click", () => send({ type: "choose", theme: theme.id }));
    return button;
  }

  function themeBox(className, level, holds, theme, chosen) {
    // a theme's box: a named group that takes drops of what it holds ("code" or "theme")
    const box = el("div", className);
    if (theme.id === chosen) box.classList.add("qs-chosen");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", `${level} theme ${theme.name}`);
    dropTarget(box, holds, theme.id, `${level.toLowerCase()} theme ${theme.name}`);
    return [box, el("div", "qs-theme-head")];
  }

  function descriptiveBox(data, theme, from, chosen, fromName = "") {
    const [box, head] = themeBox("qs-desc", "Descriptive", "code", theme, chosen);
    const grip = el("button", "qs-grip", "⠿");
    grip.type = "button";
    grip.dataset.what = "theme";
    grip.dataset.id = theme.id;
    grip.dataset.theme = from;
    grip.setAttribute("aria-pressed", "false");
    grip.setAttribute("aria-label", `Move descriptive theme ${theme.name} (Space picks it up)`);
    grip.title = "Drag onto an analytical theme, or press Space and use the arrow keys";
    head.append(grip, chooser(theme, chosen));
    draggable(head, { what: "theme", id: theme.id, from, name: `theme ${theme.name}`, label: theme.name }, grip);
    box.append(head, el("div", "qs-theme-counts", theme.counts));
    const also = elsewhere(theme.parents, fromName, "");
    if (also) box.append(el("div", "qs-theme-where", also));
    const cards = el("div", "qs-cards");
    for (const id of theme.codes) cards.append(codeCard(data, id, theme.id, theme.name));
    if (!theme.codes.length) cards.append(el("div", "qs-empty", "Drop codes here"));
    box.append(cards);
    return box;
  }

  function area(title, className) {
    const section = el("section", `qs-area ${className}`);
    const heading = el("h3", "qs-area-title", title);
    section.setAttribute("aria-label", title);
    section.append(heading);
    return section;
  }

  function draw() {
    const data = model.get("board") || {};
    const chosen = model.get("chosen") || "";
    data.codes = data.codes || {};
    const descriptive = {};
    for (const theme of data.descriptive || []) descriptive[theme.id] = theme;
    moves.putDown();
    const help = el("p", "qs-board-help",
      "Drag a code onto a theme to move it there (hold Ctrl to add it and keep it where it is); " +
      "drag a descriptive theme by its ⠿ onto an analytical theme. Keyboard: Space picks up, " +
      "arrow keys choose where, Enter drops, Escape cancels. Click a theme's name to see its page.");

    const analytical = area("Analytical themes", "qs-analytical-area");
    // a review question every analytical theme answers is said once, above them
    const questions = [...new Set((data.analytical || []).map((theme) => theme.question || ""))];
    const shared = questions.length === 1 && questions[0] ? questions[0] : "";
    if (shared) analytical.append(el("div", "qs-question", `Each answers: ${shared}`));
    const row = el("div", "qs-row");
    for (const theme of data.analytical || []) {
      const [box, head] = themeBox("qs-ana", "Analytical", "theme", theme, chosen);
      head.append(chooser(theme, chosen));
      box.append(head, el("div", "qs-theme-counts", theme.counts));
      if (theme.question && !shared) box.append(el("div", "qs-question", `Answers: ${theme.question}`));
      const inner = el("div", "qs-ana-body");
      for (const id of theme.members) {
        if (descriptive[id]) inner.append(descriptiveBox(data, descriptive[id], theme.id, chosen, theme.name));
      }
      if (!theme.members.length) inner.append(el("div", "qs-empty", "Drop descriptive themes here"));
      box.append(inner);
      row.append(box);
    }
    if (!(data.analytical || []).length) row.append(el("div", "qs-empty", "No analytical themes yet"));
    analytical.append(row);

    const loose = area("Descriptive themes in no analytical theme", "qs-loose-area");
    dropTarget(loose, "theme", "", "no analytical theme");
    const looseRow = el("div", "qs-row");
    for (const id of data.loose || []) {
      if (descriptive[id]) looseRow.append(descriptiveBox(data, descriptive[id], "", chosen));
    }
    if (!(data.loose || []).length) looseRow.append(el("div", "qs-empty", "None"));
    loose.append(looseRow);

    const unthemed = area(`Unthemed codes (${(data.unthemed || []).length})`, "qs-unthemed-area");
    dropTarget(unthemed, "code", "", "Unthemed codes");
    const cards = el("div", "qs-cards qs-row");
    for (const id of data.unthemed || []) cards.append(codeCard(data, id, ""));
    if (!(data.unthemed || []).length) cards.append(el("div", "qs-empty", "Every code is in a theme"));
    unthemed.append(cards);

    board.replaceChildren(help, live, analytical, loose, unthemed);
    const message = model.get("message");
    if (message) live.textContent = message;
    if (refocus) {
      const { what, id, theme } = refocus;
      refocus = null;
      const found = board.querySelector(`[data-what="${what}"][data-id="${CSS.escape(id)}"][data-theme="${CSS.escape(theme)}"]`) ||
        board.querySelector(`[data-what="${what}"][data-id="${CSS.escape(id)}"]`);
      if (found) found.focus();
    }
  }

  model.on("change:board", draw);
  model.on("change:chosen", draw);
  model.on("change:message", () => {
    live.textContent = model.get("message") || "";
  });
  draw();
  return () => {
    model.off("change:board", draw);
    model.off("change:chosen", draw);
  };
}

export default { render };
