// A form that comes back with errors: move focus to its error summary, so a screen reader reads
// it and the keyboard starts from the links to the fields (Designsystemet's ErrorSummary does the same).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".ds-error-summary");
  if (summary) summary.focus();
});
