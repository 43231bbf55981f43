// Moving things inside a widget by pointer drag or by keyboard, shared by the theme board and the
// code tree. A widget's module names what it uses from here in an import line
// (`import { el, mover } from "./drag.js";`); widgets/esm.py puts this file in place of that line,
// since anywidget loads each widget as one module.
//
// Drop targets are elements inside the widget's root with `data-drop` (what they take) and
// `data-name` (how they are announced). Native HTML drag and drop is not used: inside
// JupyterLab's notebook it competes with the notebook's own dragging of cells.

export const NEUTRAL = "#999999";

// A colour for a style: hex colours only, anything else is a neutral grey.
export function safeColour(value) {
  return typeof value === "string" && /^#[0-9A-Fa-f]{6}$/.test(value) ? value : NEUTRAL;
}

// An element whose text (never markup) is `text`.
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// The widget's own element inside anywidget's `root`, and a live region that tells screen readers
// what happened (`announce`). Space, arrows, Enter and Escape move things in there: JupyterLab's
// notebook shortcuts (arrows select cells, Enter edits one) stay out of it.
export function stage(root, className, liveClass) {
  const box = el("div", className);
  box.dataset.lmSuppressShortcuts = "true";
  root.replaceChildren(box);
  const live = el("div", liveClass);
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  return { box, live, announce: (text) => { live.textContent = text; } };
}

// Pointer and keyboard moves inside `root`.
//   accepts(item, node): whether `item` may be dropped on the drop target `node`
//   drop(item, node, copy): the reviewer dropped `item` on `node` (`copy`: Ctrl, Alt or Meta held)
//   announce(text): tell screen readers (an aria-live region)
//   hint: what the keys do while something is carried, said after each target
//   ghost: the class of the label that follows the pointer
// Items are objects with at least `name` (announced) and `label` (shown on the ghost).
export function mover({ root, accepts, drop, announce, hint, ghost: ghostClass }) {
  let held = null; // {item, targets, at, element} while the keyboard carries something

  function clearTarget() {
    for (const node of root.querySelectorAll(".qs-over")) node.classList.remove("qs-over");
  }

  function targets(item) {
    return Array.from(root.querySelectorAll("[data-drop]"))
      .filter((node) => node.offsetParent !== null && accepts(item, node));
  }

  function showTarget() {
    clearTarget();
    const target = held.targets[held.at];
    target.classList.add("qs-over");
    target.scrollIntoView({ block: "nearest" });
    announce(`${held.item.name}: over ${target.dataset.name} (${held.at + 1} of ${held.targets.length}). ${hint}`);
  }

  // The keyboard picks `item` up from `element`; `first(node)` chooses the target shown first.
  function pickUp(item, element, first) {
    const all = targets(item);
    if (!all.length) {
      announce(`${item.name} has nowhere to go.`);
      return;
    }
    held = { item, targets: all, at: Math.max(0, first ? all.findIndex(first) : 0), element };
    element.classList.add("qs-held");
    element.setAttribute("aria-pressed", "true");
    showTarget();
  }

  function putDown() {
    if (!held) return null;
    const carried = held.item;
    held.element.classList.remove("qs-held");
    held.element.setAttribute("aria-pressed", "false");
    clearTarget();
    held = null;
    return carried;
  }

  function cancel() {
    const carried = putDown();
    if (carried) announce(`Cancelled: ${carried.name} stays where it was.`);
  }

  // Keys on `handle` for `item`: `idle(event)` while nothing is carried (it may call pickUp);
  // while `item` is carried, arrows choose the target, Enter or Space drops (Ctrl+Enter: copy),
  // Escape or Tab cancels. Leaving the handle cancels too.
  function keys(handle, item, idle) {
    handle.addEventListener("keydown", (event) => {
      if (!held) {
        idle(event);
        return;
      }
      const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
      if (step) {
        event.preventDefault();
        held.at = (held.at + step + held.targets.length) % held.targets.length;
        showTarget();
      } else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        const target = held.targets[held.at];
        const carried = putDown();
        drop(carried, target, event.ctrlKey || event.metaKey);
      } else if (event.key === "Escape" || event.key === "Tab") {
        if (event.key === "Escape") event.preventDefault();
        cancel();
      }
    });
    handle.addEventListener("blur", () => {
      if (held && held.element === handle) cancel();
    });
  }

  function targetAt(x, y, item) {
    let node = document.elementFromPoint(x, y);
    while (node && node !== root) {
      if (node.dataset && node.dataset.drop && accepts(item, node)) return node;
      node = node.parentElement;
    }
    return null;
  }

  // A pointer (mouse, pen or finger) pressed on `node` drags `item`: a ghost follows it and the
  // target under it is marked; letting go drops it there, Escape cancels.
  function draggable(node, item) {
    node.addEventListener("pointerdown", (event) => {
      if (event.button !== 0 || held) return;
      event.stopPropagation();
      const start = { x: event.clientX, y: event.clientY };
      let ghost = null;
      let over = null;
      const move = (e) => {
        if (!ghost) {
          if (Math.hypot(e.clientX - start.x, e.clientY - start.y) < 6) return;
          ghost = el("div", ghostClass, item.label);
          root.append(ghost);
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
        if (cancelled) announce(`Cancelled: ${item.name} stays where it was.`);
        else if (over) drop(item, over, e.ctrlKey || e.altKey || e.metaKey);
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
  }

  return { draggable, keys, pickUp, putDown };
}
