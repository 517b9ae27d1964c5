// Messages for a role="status" region: shown on the page, or only read out by screen readers when the page
// already shows the same thing in another form.

/** Puts the message in the region; with shown = false it is read out but not displayed. */
export function announce(region, message, { shown }) {
    region.textContent = message;
    region.classList.toggle('visually-hidden', !shown);
}
