// Calls to the pipeline's API, and what its trouble answers (RFC 7807 problem details) mean to a citizen.

import { toPersianDigits } from './digits.js';

/**
 * Sends the request and reads the JSON answer. Never throws: a network failure is status 0.
 * @returns {Promise<{status: number, body: any, retryAfter: number | null}>}
 */
export async function callApi(url, options = {}) {
    let response;
    try {
        response = await fetch(url, { ...options, headers: { Accept: 'application/json', ...options.headers } });
    } catch {
        return { status: 0, body: null, retryAfter: null };
    }
    let body = null;
    try {
        body = await response.json();
    } catch {
        body = null;
    }
    const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
    return { status: response.status, body, retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null };
}

/**
 * The Persian message for an answer that says the service could not help now: busy, down or unreachable; null
 * otherwise. A citizen-facing endpoint words busy and down itself (with the wait from Retry-After); for the
 * others, and for what never reached the API, the page words it.
 */
export function troubleMessage(result, whatWasNotDone) {
    if (result.status === 0) {
        return `${whatWasNotDone} ارتباط با سامانه برقرار نشد؛ اتصال اینترنت خود را بررسی کنید و دوباره تلاش کنید.`;
    }
    if (result.status === 429 || result.status === 503) {
        return problemDetail(result) ?? busyOrDown(result, whatWasNotDone);
    }
    return null;
}

/**
 * The API's own Persian detail of a problem answer, when it has one: the citizen-facing endpoints answer in Persian
 * and keep the English beside it (englishDetail); other endpoints' details are English and not shown.
 */
export function problemDetail(result) {
    const body = result.body;
    return typeof body?.detail === 'string' && body.detail !== '' && 'englishDetail' in body ? body.detail : null;
}

function busyOrDown(result, whatWasNotDone) {
    const wait = result.retryAfter ? `${toPersianDigits(result.retryAfter)} ثانیه دیگر` : 'چند لحظه دیگر';
    return result.status === 429
        ? `${whatWasNotDone} درخواست‌های شما در این چند لحظه زیاد بوده است؛ لطفاً ${wait} دوباره تلاش کنید.`
        : `${whatWasNotDone} سامانه در این لحظه در دسترس نیست؛ لطفاً ${wait} دوباره تلاش کنید.`;
}
