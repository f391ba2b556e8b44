// After ↑ or ↓ moves a focus area or a question, the page comes back at the moved item (#fa-3, #q-7).
// The keyboard goes on from the same button there, so pressing it again moves the item one step more
// (from the other arrow where the item has reached an end of the list). A refused move comes back with
// a message instead, which flashes.js focuses.
(() => {
  const KEY = "moved-item";
  const arrows = (item) => [...item.querySelectorAll(".item-actions button")];
  document.addEventListener("submit", (event) => {
    const item = event.target.closest(".editable-list > li[id]");
    const button = event.submitter;
    if (item && button && arrows(item).includes(button)) {
      sessionStorage.setItem(KEY, JSON.stringify({ id: item.id, arrow: button.textContent.trim() }));
    }
  });
  document.addEventListener("DOMContentLoaded", () => {
    const saved = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
    if (!saved || document.querySelector("main .flashes")) return;
    const { id, arrow } = JSON.parse(saved);
    const item = window.location.hash === `#${id}` ? document.getElementById(id) : null;
    if (!item) return;
    const buttons = arrows(item);
    const same = buttons.find((b) => b.textContent.trim() === arrow) || buttons[0];
    // once the browser has gone to the item: going there would take the focus back to the page
    if (same) window.addEventListener("load", () => same.focus({ preventScroll: true }));
  });
})();
