// The review page after a change: the address names the comment or theme acted on (#innspill-12,
// #tema-3). Focus goes there, so the keyboard and a screen reader carry on from that place, and the
// page's message moves beside it, where the reviewer is looking, and describes it.
document.addEventListener("DOMContentLoaded", () => {
  const id = decodeURIComponent(window.location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (!target || !target.closest("[data-keeps-place]")) return;
  const messages = document.querySelector(".flashes");
  if (messages) {
    messages.id = "place-message";
    if (target.tagName === "LI") target.prepend(messages);
    else target.after(messages);
    target.setAttribute("aria-describedby", messages.id);
  }
  target.setAttribute("tabindex", "-1");
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: "start" });
});
