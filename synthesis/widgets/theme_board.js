// The theme board: code cards in descriptive themes, descriptive themes in analytical themes.
// It draws what Python sends (model "board", "chosen", "message") and sends back what the
// reviewer did ({type: "move" | "choose"}); Python changes the project and sends the new board.
// Data (labels, names, questions) goes into the page only as text (textContent, title,
// aria-label), never as markup; colours only when they are hex colours.

const NEUTRAL = "#999999";

function safeColour(value) {
  if (typeof value !== "string") return NEUTRAL;
  if (/^#[0-9A-Fa-f]{6}$/.test(value)) return value;
  return NEUTRAL;
}

function ink(value) {
  return value === "#FFFFFF" ? "#FFFFFF" : "#000000";
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function plural(n, word, many) {
  return `${n} ${n === 1 ? word : many || word + "s"}`;
}

function render({ model, el: root }) {
  let held = null; // {item, targets, at, element} while the keyboard carries something
  let refocus = null; // {what, id, theme}: the element to focus after the next draw

  const board = el("div", "qs-board");
  // Space, arrows, Enter and Escape move cards here: JupyterLab's notebook shortcuts
  // (arrows select cells, Enter edits one) stay out of the board
  board.dataset.lmSuppressShortcuts = "true";
  root.replaceChildren(board);

  const live = el("div", "qs-board-live");
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");

  function announce(text) {
    live.textContent = text;
  }

  function send(message) {
    model.send(message);
  }

  // ------------------------------------------------------------ moving
  function targetsFor(item) {
    const kind = item.what === "code" ? "code" : "theme";
    return Array.from(board.querySelectorAll(`[data-drop="${kind}"]`)).map((node) => ({
      to: node.dataset.theme,
      name: node.dataset.name,
      node,
    }));
  }

  function drop(item, to, copy) {
    if (to === item.from && !copy) {
      announce(`${item.name} stays where it was.`);
      return;
    }
    refocus = { what: item.what, id: item.id, theme: to };
    send({ type: "move", what: item.what, id: item.id, from: item.from, to, copy: !!copy });
  }

  function clearTarget() {
    for (const node of board.querySelectorAll(".qs-over")) node.classList.remove("qs-over");
  }

  function showTarget() {
    clearTarget();
    const target = held.targets[held.at];
    target.node.classList.add("qs-over");
    target.node.scrollIntoView({ block: "nearest" });
    announce(`${held.item.name}: over ${target.name} (${held.at + 1} of ${held.targets.length}). ` +
      "Enter drops it here, Ctrl+Enter adds it and keeps it where it was, Escape cancels.");
  }

  function pickUp(item, element) {
    const targets = targetsFor(item);
    const at = Math.max(0, targets.findIndex((t) => t.to === item.from));
    held = { item, targets, at, element };
    element.classList.add("qs-held");
    element.setAttribute("aria-pressed", "true");
    showTarget();
  }

  function putDown() {
    if (!held) return;
    held.element.classList.remove("qs-held");
    held.element.setAttribute("aria-pressed", "false");
    clearTarget();
    held = null;
  }

  function onKey(event, item, element) {
    if (!held) {
      if (event.key === " " || event.key === "Enter") {
        event.preventDefault();
        pickUp(item, element);
      }
      return;
    }
    const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
    if (step) {
      event.preventDefault();
      held.at = (held.at + step + held.targets.length) % held.targets.length;
      showTarget();
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      const { to } = held.targets[held.at];
      const copy = event.ctrlKey || event.metaKey;
      const carried = held.item;
      putDown();
      drop(carried, to, copy);
    } else if (event.key === "Escape" || event.key === "Tab") {
      if (event.key === "Escape") event.preventDefault();
      const carried = held.item;
      putDown();
      announce(`Cancelled: ${carried.name} stays where it was.`);
    }
  }

  // The mouse (or pen, or finger) drags with pointer events: a card follows the pointer
  // and is dropped on the theme under it. Native HTML drag and drop is not used: inside
  // JupyterLab's notebook it competes with the notebook's own dragging of cells.
  function targetAt(x, y, item) {
    const kind = item.what === "code" ? "code" : "theme";
    let node = document.elementFromPoint(x, y);
    while (node && node !== board) {
      if (node.dataset && node.dataset.drop === kind) return node;
      node = node.parentElement;
    }
    return null;
  }

  function draggable(node, item, handle) {
    node.addEventListener("pointerdown", (event) => {
      if (event.button !== 0 || held) return;
      event.stopPropagation();
      const start = { x: event.clientX, y: event.clientY };
      let ghost = null;
      let over = null;
      const move = (e) => {
        if (!ghost) {
          if (Math.hypot(e.clientX - start.x, e.clientY - start.y) < 6) return;
          ghost = el("div", "qs-ghost", item.label);
          board.append(ghost);
          node.classList.add("qs-dragging");
        }
        e.preventDefault();
        ghost.style.left = `${e.clientX + 8}px`;
        ghost.style.top = `${e.clientY + 8}px`;
        const target = targetAt(e.clientX, e.clientY, item);
        if (target !== over) {
          clearTarget();
          over = target;
          if (over) over.classList.add("qs-over");
        }
      };
      const finish = (e, cancelled) => {
        document.removeEventListener("pointermove", move, true);
        document.removeEventListener("pointerup", up, true);
        document.removeEventListener("keydown", escape, true);
        if (!ghost) return;
        ghost.remove();
        node.classList.remove("qs-dragging");
        clearTarget();
        // the click that ends a drag chooses nothing
        const swallow = (c) => { c.stopPropagation(); c.preventDefault(); };
        node.addEventListener("click", swallow, { capture: true, once: true });
        setTimeout(() => node.removeEventListener("click", swallow, { capture: true }), 0);
        if (cancelled) {
          announce(`Cancelled: ${item.name} stays where it was.`);
        } else if (over) {
          drop(item, over.dataset.theme, e.ctrlKey || e.altKey || e.metaKey);
        }
      };
      const up = (e) => finish(e, false);
      const escape = (e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          finish(e, true);
        }
      };
      document.addEventListener("pointermove", move, true);
      document.addEventListener("pointerup", up, true);
      document.addEventListener("keydown", escape, true);
    });
    handle.addEventListener("keydown", (event) => onKey(event, item, handle));
    handle.addEventListener("blur", () => {
      if (held && held.element === handle) {
        const carried = held.item;
        putDown();
        announce(`Cancelled: ${carried.name} stays where it was.`);
      }
    });
  }

  function dropTarget(node, kind, theme, name) {
    node.dataset.drop = kind;
    node.dataset.theme = theme;
    node.dataset.name = name;
  }

  // ------------------------------------------------------------ drawing
  function codeCard(data, id, from) {
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
    card.append(label, el("div", "qs-card-counts", counts), el("div", "qs-card-where", where));
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

  function descriptiveBox(data, theme, from, chosen) {
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
    const where = theme.parents.length ? `In ${theme.parents.join(", ")}` : "In no analytical theme";
    box.append(head, el("div", "qs-theme-counts", theme.counts), el("div", "qs-theme-where", where));
    const cards = el("div", "qs-cards");
    for (const id of theme.codes) cards.append(codeCard(data, id, theme.id));
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
    putDown();
    const help = el("p", "qs-board-help",
      "Drag a code onto a theme to move it there (hold Ctrl to add it and keep it where it is); " +
      "drag a descriptive theme by its ⠿ onto an analytical theme. Keyboard: Space picks up, " +
      "arrow keys choose where, Enter drops, Escape cancels. Click a theme's name to see its page.");

    const analytical = area("Analytical themes", "qs-analytical-area");
    const row = el("div", "qs-row");
    for (const theme of data.analytical || []) {
      const [box, head] = themeBox("qs-ana", "Analytical", "theme", theme, chosen);
      head.append(chooser(theme, chosen));
      box.append(head, el("div", "qs-theme-counts", theme.counts));
      if (theme.question) box.append(el("div", "qs-question", `Answers: ${theme.question}`));
      const inner = el("div", "qs-ana-body");
      for (const id of theme.members) {
        if (descriptive[id]) inner.append(descriptiveBox(data, descriptive[id], theme.id, chosen));
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
