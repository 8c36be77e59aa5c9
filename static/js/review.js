/* The review page's keyboard and text selection. Everything here has a plain-form
   equivalent on the page: without this file the page works the same, by mouse. */
"use strict";

(function () {
  const speech = document.getElementById("review-speech");
  if (!speech) {
    return;
  }
  const candidates = Array.from(document.querySelectorAll("li.candidate"));
  const help = document.getElementById("review-help");
  const addForm = document.getElementById("review-add");
  let current = -1;

  function marksOf(candidateId) {
    return Array.from(
      speech.querySelectorAll('mark[data-candidate="' + candidateId + '"]')
    );
  }

  function showSpan(candidateId) {
    speech.querySelectorAll("mark.is-current").forEach(function (mark) {
      mark.classList.remove("is-current");
    });
    const marks = marksOf(candidateId);
    marks.forEach(function (mark) {
      mark.classList.add("is-current");
    });
    if (marks.length) {
      marks[0].scrollIntoView({ block: "center", behavior: "auto" });
    }
  }

  function select(index, options) {
    if (!candidates.length) {
      return;
    }
    current = Math.max(0, Math.min(index, candidates.length - 1));
    candidates.forEach(function (item, position) {
      item.classList.toggle("is-current", position === current);
    });
    const item = candidates[current];
    showSpan(item.dataset.candidate);
    if (!options || options.focus !== false) {
      item.focus({ preventScroll: true });
      item.scrollIntoView({ block: "nearest", behavior: "auto" });
    }
  }

  function here() {
    if (current < 0) {
      select(0);
    }
    return candidates[current];
  }

  function focusIn(item, selector) {
    const target = item && item.querySelector(selector);
    if (target) {
      target.focus();
      return true;
    }
    return false;
  }

  function isTyping(target) {
    if (!(target instanceof HTMLElement)) {
      return false;
    }
    if (target.tagName === "INPUT") {
      return !["checkbox", "radio", "submit", "button"].includes(target.type);
    }
    return target.isContentEditable || ["SELECT", "TEXTAREA"].includes(target.tagName);
  }

  function openHelp() {
    if (help && typeof help.showModal === "function" && !help.open) {
      help.showModal();
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && isTyping(event.target)) {
      const item = event.target.closest("li.candidate");
      if (item) {
        event.target.blur();
        item.focus({ preventScroll: true });
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) {
      return;
    }
    if (help && help.open) {
      return;
    }
    const item = candidates[current];
    switch (event.key) {
      case "j":
        select(current + 1);
        break;
      case "k":
        select(current - 1);
        break;
      case "a": {
        const button = here() && here().querySelector("[data-key-accept]");
        if (!button) {
          return;
        }
        button.click();
        break;
      }
      case "m":
        if (!focusIn(here(), "[data-key-merge]")) {
          focusIn(here(), 'input[type="search"]');
        }
        break;
      case "r":
        focusIn(here(), "[data-key-reject]");
        break;
      case "e":
        focusIn(here(), "[data-key-edit]");
        break;
      case "x": {
        const tick = item && item.querySelector("[data-tick]");
        if (!tick) {
          return;
        }
        tick.checked = !tick.checked;
        break;
      }
      case "?":
        openHelp();
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  document.querySelectorAll("[data-review-help]").forEach(function (button) {
    button.addEventListener("click", openHelp);
  });

  document.querySelectorAll("[data-select-all]").forEach(function (button) {
    button.addEventListener("click", function () {
      const ticks = Array.from(document.querySelectorAll("[data-tick]"));
      const tickAll = ticks.some(function (tick) {
        return !tick.checked;
      });
      ticks.forEach(function (tick) {
        tick.checked = tickAll;
      });
    });
  });

  // A candidate's quote shows its place in the text; a mark in the text selects
  // its candidate (or opens the page it is listed on).
  candidates.forEach(function (item, index) {
    const link = item.querySelector("[data-show-span]");
    if (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        select(index, { focus: false });
      });
    }
    item.addEventListener("focusin", function () {
      if (current !== index) {
        current = index;
        candidates.forEach(function (other, position) {
          other.classList.toggle("is-current", position === index);
        });
        showSpan(item.dataset.candidate);
      }
    });
  });

  speech.addEventListener("click", function (event) {
    const mark = event.target.closest("mark[data-candidate]");
    if (!mark || !window.getSelection().isCollapsed) {
      return;
    }
    const index = candidates.findIndex(function (item) {
      return item.dataset.candidate === mark.dataset.candidate;
    });
    if (index >= 0) {
      select(index);
    } else {
      window.location.href =
        "?filter=all&at=" + mark.dataset.candidate + "#c-" + mark.dataset.candidate;
    }
  });

  // "Make this a commitment": offsets of the selection in the speech's text. Each
  // piece of text carries its offset (data-start); the labels after marks do not.
  const pieces = Array.from(speech.querySelectorAll("span[data-start], mark[data-start]"));

  function offsetOf(node, offset) {
    for (const piece of pieces) {
      const range = document.createRange();
      range.selectNodeContents(piece);
      const position = range.comparePoint(node, offset);
      if (position === 0) {
        const before = document.createRange();
        before.setStart(piece, 0);
        before.setEnd(node, offset);
        return Number(piece.dataset.start) + before.toString().length;
      }
      if (position < 0) {
        return Number(piece.dataset.start);
      }
    }
    const last = pieces[pieces.length - 1];
    return last ? Number(last.dataset.start) + last.textContent.length : 0;
  }

  let selectionButton = null;

  function hideSelectionButton() {
    if (selectionButton) {
      selectionButton.remove();
      selectionButton = null;
    }
  }

  function offerSelection() {
    hideSelectionButton();
    const selection = window.getSelection();
    if (!addForm || !selection || selection.isCollapsed || !selection.rangeCount) {
      return;
    }
    const range = selection.getRangeAt(0);
    if (!speech.contains(range.commonAncestorContainer)) {
      return;
    }
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    if (end <= start || !selection.toString().trim()) {
      return;
    }
    const template = document.getElementById("selection-button-template");
    selectionButton = template.content.firstElementChild.cloneNode(true);
    const rect = range.getBoundingClientRect();
    document.body.appendChild(selectionButton);
    const width = selectionButton.offsetWidth;
    const room = document.documentElement.clientWidth - width - 8;
    selectionButton.style.top = window.scrollY + rect.bottom + 6 + "px";
    selectionButton.style.left = window.scrollX + Math.max(8, Math.min(rect.left, room)) + "px";
    selectionButton.addEventListener("mousedown", function (event) {
      event.preventDefault(); // keep the selection while clicking
    });
    selectionButton.addEventListener("click", function () {
      addForm.querySelector('[name="start"]').value = String(start);
      addForm.querySelector('[name="end"]').value = String(end);
      addForm.requestSubmit();
    });
  }

  speech.addEventListener("mouseup", function () {
    window.setTimeout(offerSelection, 0);
  });
  speech.addEventListener("keyup", function (event) {
    if (event.shiftKey) {
      offerSelection();
    }
  });
  document.addEventListener("mousedown", function (event) {
    if (selectionButton && event.target !== selectionButton) {
      hideSelectionButton();
    }
  });

  // Arriving at #c-<id> (after an action, or to resume): that candidate is current.
  const arrived = window.location.hash.match(/^#c-(\d+)$/);
  const start = arrived
    ? candidates.findIndex(function (item) {
        return item.dataset.candidate === arrived[1];
      })
    : -1;
  if (start >= 0) {
    select(start);
  }
})();
