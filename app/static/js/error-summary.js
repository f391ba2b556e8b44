// A form that comes back with errors: move focus to its error summary, so a screen reader reads
// it and the keyboard starts from the links to the fields (Designsystemet's ErrorSummary does the same).
// A link in the summary moves focus to its field (the first control of a group), with its label in view.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".ds-error-summary");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const target = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    const control = target.matches("input, select, textarea, button")
      ? target : target.querySelector("input:not([type=hidden]), select, textarea");
    if (!control) return;
    event.preventDefault();
    const group = control.closest("fieldset");
    const label = group ? group.querySelector("legend") : document.querySelector(`label[for="${control.id}"]`);
    (label || control).scrollIntoView({block: "start"});
    control.focus({preventScroll: true});
    history.replaceState(null, "", link.hash);
  });
});
