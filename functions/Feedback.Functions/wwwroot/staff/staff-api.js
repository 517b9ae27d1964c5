// Calls to the staff API. Every call is same-origin with the session cookie; a state-changing one carries the
// X-Feedback-Staff header, which the server requires (Access/SameOriginGuard.cs) and another site's page cannot add.

import { callApi } from '/js/api.js';

const STAFF_HEADER = 'X-Feedback-Staff';

/** GET: the JSON answer, as callApi gives it ({status, body, retryAfter}). */
export function getJson(url) {
    return callApi(url, { credentials: 'same-origin' });
}

/** POST of a JSON body. */
export function postJson(url, body) {
    return callApi(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', [STAFF_HEADER]: '1' },
        body: JSON.stringify(body ?? {}),
    });
}
