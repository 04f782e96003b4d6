// The studio's small enhancements: the sign-off dialog, the proof viewer (zoom, true size,
// overlays, drawing a pinned comment), the upload progress bar, the format drawing and the
// compare view. Every page works without it, except drawing pins and the progress bar.
"use strict";

function setPressed(buttons, active) {
  buttons.forEach((b) => b.setAttribute("aria-pressed", String(b === active)));
}

function dialogs() {
  document.querySelectorAll("[data-open]").forEach((button) => {
    button.addEventListener("click", () => {
      const dialog = document.getElementById(button.dataset.open);
      if (dialog) dialog.showModal();
    });
  });
  document.querySelectorAll("dialog [data-close]").forEach((button) => {
    button.addEventListener("click", () => button.closest("dialog").close());
  });
  document.querySelectorAll("[data-reopen]").forEach((mark) => {
    const dialog = document.getElementById(mark.dataset.reopen);
    if (dialog) dialog.showModal();
  });
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
}

function viewer() {
  const pages = document.querySelector(".pages");
  if (!pages) return;
  pages.classList.add("fit");
  const overlays = document.querySelectorAll("[data-overlay]");
  const applyOverlays = () => overlays.forEach((box) => {
    pages.classList.toggle("show-" + box.dataset.overlay, box.checked);
  });
  overlays.forEach((box) => box.addEventListener("change", applyOverlays));
  applyOverlays();
  const zooms = [...document.querySelectorAll("[data-zoom]")];
  zooms.forEach((button) => button.addEventListener("click", () => {
    const zoom = button.dataset.zoom;
    pages.classList.toggle("fit", zoom === "fit");
    pages.querySelectorAll(".page").forEach((page) => {
      const img = page.querySelector("img");
      const mm = parseFloat(page.dataset.widthMm);
      // CSS millimetres are true millimetres on a screen whose pixel density the browser knows.
      img.style.width = zoom === "fit" ? "" : (zoom === "true-size" ? mm : mm * 2 * 1.5) + "mm";
    });
    setPressed(zooms, button);
  }));
  pages.querySelectorAll(".pin-label").forEach((label) => {
    label.style.left = parseFloat(label.dataset.x) * 100 + "%";
    label.style.top = parseFloat(label.dataset.y) * 100 + "%";
  });
  const form = document.getElementById("new-comment");
  if (form) pinDrawing(pages, form);
}

function pinDrawing(pages, form) {
  const field = (name) => form.querySelector(`[name="${name}"]`);
  const state = form.querySelector(".pin-state");
  const unpin = form.querySelector("[data-unpin]");
  let drawn = null;
  const clear = () => {
    ["pin_sha256", "pin_page", "pin_x", "pin_y", "pin_w", "pin_h"].forEach((n) => { field(n).value = ""; });
    if (drawn) drawn.remove();
    drawn = null;
    state.textContent = state.dataset.none;
    unpin.hidden = true;
  };
  unpin.addEventListener("click", clear);
  pages.querySelectorAll(".page").forEach((page) => {
    const sheet = page.querySelector(".sheet");
    sheet.classList.add("drawable");
    let start = null;
    let box = null;
    const at = (event) => {
      const r = sheet.getBoundingClientRect();
      return {
        x: Math.min(Math.max((event.clientX - r.left) / r.width, 0), 1),
        y: Math.min(Math.max((event.clientY - r.top) / r.height, 0), 1),
      };
    };
    const place = (a, b) => {
      const x = Math.min(a.x, b.x), y = Math.min(a.y, b.y);
      return { x, y, w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
    };
    sheet.addEventListener("pointerdown", (event) => {
      if (event.target.closest("a")) return;
      event.preventDefault();
      sheet.setPointerCapture(event.pointerId);
      start = at(event);
      if (drawn) drawn.remove();
      box = document.createElement("div");
      box.className = "drawing";
      sheet.appendChild(box);
      drawn = box;
    });
    sheet.addEventListener("pointermove", (event) => {
      if (!start) return;
      const r = place(start, at(event));
      Object.assign(box.style, { left: r.x * 100 + "%", top: r.y * 100 + "%", width: r.w * 100 + "%", height: r.h * 100 + "%" });
    });
    sheet.addEventListener("pointerup", (event) => {
      if (!start) return;
      const r = place(start, at(event));
      start = null;
      if (r.w < 0.005 || r.h < 0.005) { clear(); return; }
      field("pin_sha256").value = page.dataset.sha;
      field("pin_page").value = page.dataset.page;
      field("pin_x").value = r.x.toFixed(5);
      field("pin_y").value = r.y.toFixed(5);
      field("pin_w").value = Math.min(r.w, 1 - r.x).toFixed(5);
      field("pin_h").value = Math.min(r.h, 1 - r.y).toFixed(5);
      state.textContent = state.dataset.pinned.replace("{n}", page.dataset.page);
      unpin.hidden = false;
      form.querySelector("textarea").focus({ preventScroll: false });
    });
  });
}

function uploads() {
  document.querySelectorAll("form.upload").forEach((form) => {
    const bar = form.querySelector("progress");
    const status = form.querySelector(".upload-status");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("Accept", "application/json");
      request.setRequestHeader("X-CSRF-Token", document.body.dataset.csrf);
      bar.hidden = false;
      bar.value = 0;
      request.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
      });
      request.addEventListener("load", () => {
        let answer = {};
        try { answer = JSON.parse(request.responseText); } catch (_) { answer = {}; }
        if (request.status < 400 && answer.location) {
          window.location.assign(answer.location);
        } else {
          bar.hidden = true;
          status.textContent = answer.error || request.statusText;
          status.classList.add("field-error");
        }
      });
      request.addEventListener("error", () => { bar.hidden = true; status.textContent = status.dataset.failed; });
      request.send(new FormData(form));
    });
  });
}

function formatDrawings() {
  const select = document.querySelector("select[data-drawings]");
  if (!select) return;
  select.addEventListener("change", () => {
    document.querySelectorAll(".format-drawing").forEach((figure) => {
      figure.hidden = figure.dataset.format !== select.value;
    });
  });
}

function compareView() {
  const view = document.querySelector(".compare:not(.proofs)");
  const buttons = [...document.querySelectorAll("[data-compare]")];
  buttons.forEach((button) => button.addEventListener("click", () => {
    view.classList.toggle("side", button.dataset.compare === "side");
    view.classList.toggle("difference", button.dataset.compare === "difference");
    setPressed(buttons, button);
  }));
}

document.addEventListener("DOMContentLoaded", () => {
  dialogs();
  viewer();
  uploads();
  formatDrawings();
  compareView();
});
