// The status look-up: reads a tracking code in any digit script, asks GET /api/feedback/{code}, and shows the
// status, the agency and the history (Jalali dates, as the API gives them) in Persian. While the item waits to be
// routed the page asks again every few seconds, so the citizen sees it move on without reloading.

import { announce } from './announce.js';
import { callApi, problemDetail, troubleMessage } from './api.js';
import { digitValue, isInvisibleMark, toPersianDigits } from './digits.js';

const CODE_LENGTH = 10;
const REFRESH_EVERY_MS = 5000;
const MAX_REFRESHES = 60;

const MESSAGES = {
    codeRefused: 'کد پیگیری پذیرفته نشد؛ ایراد آن زیر خانه «کد پیگیری» نوشته شده است.',
    empty: 'کد پیگیری را وارد کنید.',
    malformed: 'کد پیگیری ۱۰ رقم دارد. فقط رقم‌های کد را وارد کنید.',
    notRead: 'وضعیت خوانده نشد.',
    unexpected: 'وضعیت خوانده نشد؛ خطای پیش‌بینی‌نشده‌ای رخ داد. دوباره تلاش کنید.',
    looking: 'در حال خواندن وضعیت…',
    shown: (code, status) => `وضعیت بازخورد ${code}: ${status}`,
    agencyPending: 'هنوز تعیین نشده',
    topicPending: 'هنوز تعیین نشده',
    expectedBy: (day) => `تا پایان روز ${day}`,
    expectedPending: 'پس از ارجاع به دستگاه روشن می‌شود',
    inEarlierCase: 'همان پرونده پیشین شما',
    answered: 'پاسخ دستگاه',
    refused: 'دلیل نپذیرفتن',
    refreshing: 'تا ارجاع بازخورد، این صفحه هر چند ثانیه خودکار به‌روز می‌شود.',
    refreshStopped: 'برای دیدن وضعیت تازه، دوباره «پیگیری» را بزنید.',
};

/** The API's status keys (Feedback.Core's FeedbackStatus) as the page names them. */
const STATUS_LABELS = {
    received: 'دریافت شد؛ در انتظار ارجاع',
    routed: 'ارجاع شد',
    failed: 'در انتظار بررسی کارشناس',
    acknowledged: 'رؤیت شد',
    inprogress: 'در حال بررسی',
    resolved: 'رسیدگی شد',
    rejected: 'پذیرفته نشد',
    recorded: 'ثبت شد؛ از نظر شما سپاسگزاریم',
    attached: 'به پرونده پیشین شما افزوده شد',
};

const STEP_LABELS = {
    received: 'دریافت شد',
    routed: 'ارجاع شد',
    failed: 'پردازش خودکار انجام نشد',
    acknowledged: 'رؤیت شد',
    inprogress: 'در حال بررسی',
    resolved: 'رسیدگی شد',
    rejected: 'پذیرفته نشد',
    recorded: 'ثبت شد',
    attached: 'به پرونده پیشین افزوده شد',
};

const form = document.getElementById('status-form');
const input = document.getElementById('code');
const codeError = document.getElementById('code-error');
const alertRegion = document.getElementById('status-alert');
const progress = document.getElementById('status-progress');
const result = document.getElementById('status-result');
const resultCode = document.getElementById('result-code');
const resultStatus = document.getElementById('result-status');
const resultAgency = document.getElementById('result-agency');
const resultTopic = document.getElementById('result-topic');
const resultAnswer = document.getElementById('result-answer');
const resultAnswerTitle = document.getElementById('result-answer-title');
const resultAnswerText = document.getElementById('result-answer-text');
const resultExpectedRow = document.getElementById('result-expected-row');
const resultExpected = document.getElementById('result-expected');
const resultReceived = document.getElementById('result-received');
const resultHistory = document.getElementById('result-history');
const resultRefresh = document.getElementById('result-refresh');

let refreshTimer = null;
let refreshes = 0;
let shown = null;

/** The code as 10 ASCII digits, or null when the input is not 10 digits (separators and invisible marks aside). */
function readCode(typed) {
    let digits = '';
    for (const character of typed) {
        const value = digitValue(character);
        if (value >= 0) digits += value;
        else if (!/[\s\p{Pd}]/u.test(character) && !isInvisibleMark(character)) return null;
    }
    return digits.length === CODE_LENGTH ? digits : null;
}

function statusLabel(status) {
    return STATUS_LABELS[status] ?? status;
}

function showCodeProblem(message) {
    codeError.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    alertRegion.textContent = MESSAGES.codeRefused;
    input.focus();
}

function clearMessages() {
    codeError.textContent = '';
    input.removeAttribute('aria-invalid');
    alertRegion.textContent = '';
    progress.textContent = '';
}

function historyItem(step) {
    const item = document.createElement('li');
    const when = document.createElement('span');
    when.className = 'when';
    when.textContent = toPersianDigits(step.at);
    const what = document.createElement('strong');
    what.textContent = STEP_LABELS[step.status] ?? step.status;
    const note = document.createElement('p');
    note.className = 'note';
    note.textContent = step.note;
    item.append(when, what, note);
    return item;
}

/** Redraws only what changed, and announces the status when the citizen asked or when it moved on. */
function render(view, { refresh }) {
    const json = JSON.stringify(view);
    const moved = shown !== null && (shown.code !== view.trackingCode || shown.status !== view.status);
    if (shown?.json !== json) {
        resultCode.textContent = toPersianDigits(view.trackingCode);
        resultStatus.textContent = statusLabel(view.status);
        // An SMS attached to an earlier case is followed there: its own item is never routed.
        const attached = view.status === 'attached';
        resultAgency.textContent = view.agency ?? (attached ? MESSAGES.inEarlierCase : MESSAGES.agencyPending);
        resultTopic.textContent = view.topicName ?? (attached ? MESSAGES.inEarlierCase : MESSAGES.topicPending);
        // The agency's answer comes first; the expected date only while one is awaited.
        resultAnswer.hidden = !view.answer;
        resultAnswerTitle.textContent = view.status === 'rejected' ? MESSAGES.refused : MESSAGES.answered;
        resultAnswerText.textContent = view.answer ?? '';
        resultExpectedRow.hidden = Boolean(view.answer) || attached;
        resultExpected.textContent = view.answerExpectedBy ? MESSAGES.expectedBy(view.answerExpectedBy) : MESSAGES.expectedPending;
        resultHistory.replaceChildren(...view.history.map(historyItem));
        resultReceived.textContent = toPersianDigits(view.receivedAt);
        result.hidden = false;
    }
    shown = { json, code: view.trackingCode, status: view.status };
    if (!refresh || moved) announce(progress, MESSAGES.shown(toPersianDigits(view.trackingCode), statusLabel(view.status)), { shown: false });
}

function stopRefreshing() {
    clearTimeout(refreshTimer);
    refreshTimer = null;
}

function refreshWhileWaiting(view, code) {
    if (view.status !== 'received') {
        resultRefresh.textContent = '';
        return;
    }
    if (refreshes >= MAX_REFRESHES) {
        resultRefresh.textContent = MESSAGES.refreshStopped;
        return;
    }
    resultRefresh.textContent = MESSAGES.refreshing;
    refreshes += 1;
    refreshTimer = setTimeout(() => lookUp(code, { refresh: true }), REFRESH_EVERY_MS);
}

async function lookUp(code, { refresh }) {
    if (!refresh) announce(progress, MESSAGES.looking, { shown: true });
    const answer = await callApi(`/api/feedback/${encodeURIComponent(code)}`);
    if (!refresh) progress.textContent = '';

    if (answer.status === 200 && answer.body) {
        render(answer.body, { refresh });
        refreshWhileWaiting(answer.body, code);
        return;
    }
    result.hidden = true;
    shown = null;
    // The API words these in Persian (problem details' detail).
    if (answer.status === 400 || answer.status === 422) showCodeProblem(problemDetail(answer) ?? MESSAGES.unexpected);
    else if (answer.status === 404) alertRegion.textContent = problemDetail(answer) ?? MESSAGES.unexpected;
    else alertRegion.textContent = troubleMessage(answer, MESSAGES.notRead) ?? MESSAGES.unexpected;
}

function start(event) {
    event?.preventDefault();
    stopRefreshing();
    refreshes = 0;
    clearMessages();
    if (input.value.trim() === '') {
        showCodeProblem(MESSAGES.empty);
        return;
    }
    const code = readCode(input.value);
    if (code === null) {
        showCodeProblem(MESSAGES.malformed);
        return;
    }
    history.replaceState(null, '', `/status?code=${code}`);
    lookUp(code, { refresh: false });
}

form.addEventListener('submit', start);
if (new URLSearchParams(window.location.search).has('code')) {
    input.value = new URLSearchParams(window.location.search).get('code');
    start();
}
