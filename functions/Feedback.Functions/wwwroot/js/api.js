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

/** The Persian message for an answer that says the service could not help now: busy, down or unreachable; null otherwise. */
export function troubleMessage(result, whatWasNotDone) {
    if (result.status === 0) {
        return `${whatWasNotDone} ارتباط با سامانه برقرار نشد؛ اتصال اینترنت خود را بررسی کنید و دوباره تلاش کنید.`;
    }
    if (result.status === 429) {
        const wait = result.retryAfter ? `${toPersianDigits(result.retryAfter)} ثانیه دیگر` : 'چند لحظه دیگر';
        return `${whatWasNotDone} درخواست‌های شما در این چند لحظه زیاد بوده است؛ لطفاً ${wait} دوباره تلاش کنید.`;
    }
    if (result.status === 503) {
        const wait = result.retryAfter ? `${toPersianDigits(result.retryAfter)} ثانیه دیگر` : 'چند لحظه دیگر';
        return `${whatWasNotDone} سامانه در این لحظه در دسترس نیست؛ لطفاً ${wait} دوباره تلاش کنید.`;
    }
    return null;
}
