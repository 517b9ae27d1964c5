// The feedback form: checks what it can before sending (in Persian), posts the JSON the API takes
// (POST /api/feedback), shows the API's Persian field errors on their fields, and shows the tracking code.

import { announce } from './announce.js';
import { callApi, troubleMessage } from './api.js';
import { toPersianDigits } from './digits.js';
import { isIranianMobile } from './phone.js';

/** The server counts the trimmed text with "\n" line breaks in UTF-16 code units, as a JavaScript string does. */
const MAX_TEXT_LENGTH = 2000;

const MESSAGES = {
    textRequired: 'متن بازخورد را بنویسید.',
    textTooLong: (length) =>
        `متن بازخورد ${toPersianDigits(length)} نویسه دارد؛ حداکثر ${toPersianDigits(MAX_TEXT_LENGTH)} نویسه مجاز است. آن را کوتاه‌تر کنید.`,
    phoneInvalid: 'شماره تلفن همراه درست نیست. شماره‌ای ۱۱ رقمی بنویسید که با ۰۹ شروع شود، مانند ۰۹۱۲۱۲۳۴۵۶۷؛ یا آن را خالی بگذارید.',
    notSent: 'بازخورد فرستاده نشد. ایرادهایی را که کنار هر خانه نوشته شده برطرف کنید.',
    notAccepted: 'بازخورد ثبت نشد.',
    unexpected: 'بازخورد ثبت نشد؛ خطای پیش‌بینی‌نشده‌ای رخ داد. صفحه را دوباره باز کنید و دوباره بفرستید.',
    sending: 'در حال فرستادن بازخورد…',
    accepted: (code) => `بازخورد شما ثبت شد. کد پیگیری: ${code}`,
    copied: 'کد پیگیری رونوشت شد.',
    selected: 'کد پیگیری انتخاب شد؛ اکنون آن را رونوشت کنید.',
    count: (length) => `${toPersianDigits(length)} از ${toPersianDigits(MAX_TEXT_LENGTH)} نویسه`,
};

const form = document.getElementById('feedback-form');
const text = document.getElementById('text');
const phone = document.getElementById('phone');
const county = document.getElementById('county');
const textCount = document.getElementById('text-count');
const alertRegion = document.getElementById('form-alert');
const progress = document.getElementById('form-progress');
const receipt = document.getElementById('receipt');
const receiptTitle = document.getElementById('receipt-title');
const trackingCode = document.getElementById('tracking-code');
const statusLink = document.getElementById('status-link');
const copyResult = document.getElementById('copy-result');

/** Where each field's error is shown, and what gets focus when it is the first one wrong. */
const FIELDS = {
    text: { error: 'text-error', invalid: () => [text], focus: () => text },
    phone: { error: 'phone-error', invalid: () => [phone], focus: () => phone },
    county: { error: 'county-error', invalid: () => [county], focus: () => county },
    rating: { error: 'rating-error', invalid: () => [], focus: () => form.querySelector('input[name="rating"]:checked') },
};

let sending = false;

function cleanedText() {
    return text.value.replace(/\r\n?/g, '\n').trim();
}

function hasVisibleCharacter(value) {
    return /[^\s\p{Cf}]/u.test(value);
}

function updateCount() {
    const length = cleanedText().length;
    textCount.textContent = MESSAGES.count(length);
    textCount.classList.toggle('over-limit', length > MAX_TEXT_LENGTH);
}

/** @returns {Array<[string, string]>} field and Persian message, in the order the fields appear. */
function checkBeforeSending() {
    const problems = [];
    const value = cleanedText();
    if (!hasVisibleCharacter(value)) problems.push(['text', MESSAGES.textRequired]);
    else if (value.length > MAX_TEXT_LENGTH) problems.push(['text', MESSAGES.textTooLong(value.length)]);
    if (phone.value.trim() !== '' && !isIranianMobile(phone.value)) problems.push(['phone', MESSAGES.phoneInvalid]);
    return problems;
}

function clearMessages() {
    alertRegion.textContent = '';
    progress.textContent = '';
    for (const field of Object.values(FIELDS)) {
        document.getElementById(field.error).textContent = '';
        for (const element of field.invalid()) element.removeAttribute('aria-invalid');
    }
}

function showProblems(problems, summary) {
    for (const [name, message] of problems) {
        const field = FIELDS[name];
        document.getElementById(field.error).textContent = message;
        for (const element of field.invalid()) element.setAttribute('aria-invalid', 'true');
    }
    alertRegion.textContent = summary;
    FIELDS[problems[0][0]].focus()?.focus();
}

/** Shows a 400's Persian field errors (as the API words them) on the form's fields; false when none is about a field here. */
function showServerErrors(problem) {
    const problems = Object.keys(FIELDS).flatMap((name) => {
        const key = Object.keys(problem.errors).find((field) => field.toLowerCase() === name.toLowerCase());
        return key === undefined ? [] : [[name, problem.errors[key][0]]];
    });
    if (problems.length === 0) return false;
    showProblems(problems, typeof problem.detail === 'string' ? problem.detail : MESSAGES.notSent);
    return true;
}

function feedbackJson() {
    const chosenRating = form.querySelector('input[name="rating"]:checked')?.value ?? '';
    return JSON.stringify({
        text: text.value,
        phone: phone.value.trim() === '' ? null : phone.value.trim(),
        province: form.dataset.province,
        county: county.value === '' ? null : county.value,
        rating: chosenRating === '' ? null : Number(chosenRating),
    });
}

function showReceipt(code) {
    form.hidden = true;
    trackingCode.textContent = toPersianDigits(code);
    statusLink.href = `/status?code=${encodeURIComponent(code)}`;
    receipt.hidden = false;
    announce(progress, MESSAGES.accepted(toPersianDigits(code)), { shown: false });
    receiptTitle.focus();
}

async function submit(event) {
    event.preventDefault();
    if (sending) return;
    clearMessages();
    const problems = checkBeforeSending();
    if (problems.length > 0) {
        showProblems(problems, MESSAGES.notSent);
        return;
    }

    sending = true;
    form.setAttribute('aria-busy', 'true');
    announce(progress, MESSAGES.sending, { shown: true });
    const result = await callApi('/api/feedback', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: feedbackJson(),
    });
    sending = false;
    form.removeAttribute('aria-busy');
    progress.textContent = '';

    if (result.status === 202 && typeof result.body?.trackingCode === 'string') {
        showReceipt(result.body.trackingCode);
        return;
    }
    if (result.status === 400 && result.body?.errors && showServerErrors(result.body)) return;
    alertRegion.textContent = troubleMessage(result, MESSAGES.notAccepted) ?? MESSAGES.unexpected;
}

async function copyCode() {
    try {
        await navigator.clipboard.writeText(trackingCode.textContent);
        copyResult.textContent = MESSAGES.copied;
    } catch {
        const range = document.createRange();
        range.selectNodeContents(trackingCode);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        copyResult.textContent = MESSAGES.selected;
    }
}

function startAgain() {
    form.reset();
    clearMessages();
    copyResult.textContent = '';
    updateCount();
    receipt.hidden = true;
    form.hidden = false;
    text.focus();
}

form.addEventListener('submit', submit);
text.addEventListener('input', updateCount);
document.getElementById('copy-code').addEventListener('click', copyCode);
document.getElementById('new-feedback').addEventListener('click', startAgain);
updateCount();
