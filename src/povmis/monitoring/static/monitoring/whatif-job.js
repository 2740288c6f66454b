// The what-if form's "in the background" button: the same fields, posted (with the CSRF token) to queue a job.
document.querySelectorAll("[data-whatif-background]").forEach((button) => {
  const form = button.closest("form");
  const queue = document.getElementById("whatif-job-form");
  button.hidden = false;
  button.addEventListener("click", (event) => {
    event.preventDefault();
    new FormData(form).forEach((value, name) => {
      const field = document.createElement("input");
      field.type = "hidden";
      field.name = name;
      field.value = value;
      queue.appendChild(field);
    });
    queue.submit();
  });
});
