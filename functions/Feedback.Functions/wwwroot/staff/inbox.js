// The agency inbox: the signed-in person's inboxes (GET /api/staff/me), a filtered list newest first with
// "more" pages (GET /api/inbox), an item's detail (GET /api/inbox/items/{code}) and the actions the server says
// are open to this person now (POST /api/inbox/items/{code}/{action}); the original text, personal numbers unmasked,
// for the assigned agency (POST /api/inbox/items/{code}/original, recorded by the server). The server checks every role and scope;
// this page only hides what it would refuse.

import { announce } from '/js/announce.js';
import { troubleMessage } from '/js/api.js';
import { toPersianDigits } from '/js/digits.js';
import { getJson, postJson } from './staff-api.js';
import { signInAddress, staffSession } from './staff-header.js';
import { CHANNEL_LABELS, SLA_LABELS, STATUS_LABELS, label } from './labels.js';

const MESSAGES = {
    reading: 'در حال خواندن کارتابل…',
    shownCount: (count) => `${toPersianDigits(count)} مورد نمایش داده شد.`,
    notRead: 'کارتابل خوانده نشد.',
    unexpected: 'خطای پیش‌بینی‌نشده‌ای رخ داد؛ صفحه را دوباره باز کنید.',
    filtersRefused: 'برخی از شرایط جستجو پذیرفته نشد؛ ایراد کنار هر خانه نوشته شده است.',
    itemNotRead: 'بازخورد خوانده نشد.',
    notYours: 'این بازخورد در کارتابلی نیست که شما اجازه دیدن آن را دارید.',
    notFound: 'بازخوردی با این کد پیدا نشد.',
    saving: 'در حال ثبت…',
    notSaved: 'اقدام ثبت نشد.',
    refused: 'اقدام ثبت نشد؛ ایراد کنار خانه‌ها نوشته شده است.',
    notNow: 'این اقدام اکنون ممکن نیست؛ وضعیت بازخورد تغییر کرده است. اطلاعات تازه نمایش داده شد.',
    done: {
        acknowledge: 'رؤیت بازخورد ثبت شد و به شهروند پیامک می‌شود.',
        start: 'شروع رسیدگی ثبت شد و به شهروند پیامک می‌شود.',
        resolve: 'رسیدگی ثبت شد و پاسخ شما برای شهروند پیامک می‌شود.',
        reject: 'رد بازخورد ثبت شد و دلیل آن برای شهروند پیامک می‌شود.',
        reassign: 'بازخورد به دستگاه دیگر ارجاع شد.',
        correct: 'برچسب‌های بازخورد ثبت شد.',
        'to-case': 'بازخورد به مورد رسیدگی تبدیل شد؛ مهلت رسیدگی از اکنون شمرده می‌شود.',
        'to-feedback': 'بازخورد به‌عنوان نظر ثبت و بسته شد؛ مهلتی برای آن شمرده نمی‌شود.',
        ask: 'پرسش برای شهروند پیامک می‌شود؛ تا پاسخ او مهلت رسیدگی شمرده نمی‌شود.',
        original: 'متن اصلی نمایش داده شد؛ خواندن آن به نام شما ثبت شد.',
    },
    required: {
        reply: 'پاسخ به شهروند را بنویسید.',
        reason: 'دلیل را بنویسید.',
        question: 'پرسش از شهروند را بنویسید.',
        agency: 'دستگاهی را که باید به آن ارجاع شود انتخاب کنید.',
    },
    previewing: 'در حال آماده‌کردن پیش‌نمایش پیامک…',
    notPreviewed: 'پیش‌نمایش پیامک آماده نشد.',
    smsSegments: (count) => `این پیامک ${toPersianDigits(count)} بخش پیامکی است. اگر درست است، تأیید کنید.`,
    noSms: 'شهروند شماره تلفن همراه نداده است: پیامکی فرستاده نمی‌شود و نوشته شما فقط در صفحه پیگیری دیده می‌شود. اگر درست است، تأیید کنید.',
    answersSurvey: 'پاسخ شهروند به پیامک نظرسنجی پس از دریافت خدمت',
    overdue: 'مهلت گذشته',
    dueToday: 'مهلت امروز',
    yes: 'بله',
    no: 'خیر',
    none: 'ثبت نشده',
};

const SERVER_FIELD_MESSAGES = {
    from: 'تاریخ را به تقویم شمسی بنویسید، مانند ۱۴۰۵/۰۹/۰۱.',
    to: 'تاریخ را به تقویم شمسی بنویسید، مانند ۱۴۰۵/۰۹/۳۰؛ و نه پیش از «از تاریخ».',
    q: 'متن جستجو حداکثر ۲۰۰ نویسه است.',
    reply: 'پاسخ پذیرفته نشد: حداکثر ۱۰۰۰ نویسه، بدون نویسه‌های کنترلی.',
    reason: 'دلیل پذیرفته نشد: آن را بنویسید، کوتاه‌تر از حد مجاز.',
    agency: 'این دستگاه برای ارجاع پذیرفته نشد؛ دستگاه دیگری از فهرست انتخاب کنید.',
    question: 'پرسش پذیرفته نشد: حداکثر ۲۰۰ نویسه، بدون نویسه‌های کنترلی.',
};

const element = (id) => document.getElementById(id);
const title = element('inbox-title');
const pageAlert = element('page-alert');
const listView = element('list-view');
const filters = element('filters');
const inboxField = element('inbox-field');
const inboxSelect = element('inbox');
const countySelect = element('county');
const listProgress = element('list-progress');
const items = element('items');
const listEmpty = element('list-empty');
const more = element('more');
const detail = element('detail');
const detailTitle = element('detail-title');
const detailAlert = element('detail-alert');
const detailProgress = element('detail-progress');
const actions = element('actions');

let me = null;
let continuation = null;
let current = null;
let listStale = false;
let pendingAction = null;
const listTitle = document.title;
const names = { topics: {}, sentiments: {}, counties: {} };

function signInAgain() {
    window.location.assign(signInAddress());
}

function option(value, text) {
    const choice = document.createElement('option');
    choice.value = value;
    choice.textContent = text;
    return choice;
}

function percent(probability) {
    return `${toPersianDigits(Math.round(probability * 100))}٪`;
}

function selectedInbox() {
    const [province, agency] = inboxSelect.value.split('|');
    return { province, agency };
}

function fillCounties() {
    const { province } = selectedInbox();
    countySelect.replaceChildren(option('', 'همه'), ...me.counties.filter((county) => county.province === province).map((county) => option(county.key, county.name)));
}

function showInboxTitle() {
    title.textContent = `کارتابل ${inboxSelect.selectedOptions[0]?.textContent ?? ''}`;
}

function fillChoices() {
    for (const topic of me.topics) names.topics[topic.key] = topic.name;
    for (const sentiment of me.sentiments) names.sentiments[sentiment.key] = sentiment.name;
    for (const county of me.counties) names.counties[`${county.province}|${county.key}`] = county.name;
    const provinceNames = Object.fromEntries(me.provinces.map((province) => [province.key, province.name]));
    const manyProvinces = me.provinces.length > 1;
    inboxSelect.replaceChildren(...me.inboxes.map((inbox) =>
        option(`${inbox.province}|${inbox.key}`, manyProvinces ? `${inbox.name} (${provinceNames[inbox.province]})` : inbox.name)));
    inboxField.hidden = me.inboxes.length <= 1;
    const askedProvince = new URLSearchParams(window.location.search).get('province');
    const firstOfProvince = me.inboxes.find((inbox) => inbox.province === askedProvince);
    if (firstOfProvince) inboxSelect.value = `${firstOfProvince.province}|${firstOfProvince.key}`;
    element('status').append(...me.statuses.map((status) => option(status, label(STATUS_LABELS, status))));
    element('topic').append(...me.topics.map((topic) => option(topic.key, topic.name)));
    element('sentiment').append(...me.sentiments.map((sentiment) => option(sentiment.key, sentiment.name)));
    element('reassign-agency').replaceChildren(option('', 'انتخاب کنید'), ...me.reassignTo.map((agency) => option(agency.key, agency.name)));
    element('correct-topic').replaceChildren(...me.topics.map((topic) => option(topic.key, topic.name)));
    element('correct-sentiment').replaceChildren(...me.sentiments.map((sentiment) => option(sentiment.key, sentiment.name)));
    fillCounties();
    showInboxTitle();
}

function clearErrors(scope) {
    for (const error of scope.querySelectorAll('.field-error')) error.textContent = '';
    for (const field of scope.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
}

function showFieldError(errorId, fieldId, message) {
    element(errorId).textContent = message;
    element(fieldId).setAttribute('aria-invalid', 'true');
}

function listUrl() {
    const params = new URLSearchParams();
    if (me.user.role !== 'agency-staff') {
        const { province, agency } = selectedInbox();
        params.set('province', province);
        params.set('agency', agency);
    }
    for (const name of ['status', 'topic', 'sentiment', 'county', 'from', 'to', 'q']) {
        const value = filters.elements[name].value.trim();
        if (value !== '') params.set(name, value);
    }
    if (filters.elements.sort.value === 'deadline') params.set('sort', 'deadline');
    if (continuation) params.set('continuation', continuation);
    return `/api/inbox?${params}`;
}

function rowItem(row) {
    const item = document.createElement('li');
    item.className = 'inbox-item';
    const link = document.createElement('a');
    link.className = 'item-link';
    link.href = `/staff?code=${encodeURIComponent(row.trackingCode)}`;
    link.addEventListener('click', (event) => {
        event.preventDefault();
        openItem(row.trackingCode, { push: true });
    });

    const head = document.createElement('span');
    head.className = 'item-head';
    const code = document.createElement('span');
    code.className = 'code';
    code.dir = 'ltr';
    code.textContent = toPersianDigits(row.trackingCode);
    const status = document.createElement('span');
    status.className = `badge status-${row.status}`;
    status.textContent = label(STATUS_LABELS, row.status);
    head.append(code, status);
    if (row.acknowledgeLate || row.resolveLate || row.deadline?.state === 'overdue') {
        const late = document.createElement('span');
        late.className = 'badge late';
        late.textContent = MESSAGES.overdue;
        head.append(late);
    } else if (row.deadline?.state === 'due-today') {
        const today = document.createElement('span');
        today.className = 'badge due-today';
        today.textContent = MESSAGES.dueToday;
        head.append(today);
    }
    for (const [shown, text] of [[row.citizenAnswered, 'پاسخ شهروند رسید'], [row.reopened, 'بازگشایی‌شده']]) {
        if (!shown) continue;
        const mark = document.createElement('span');
        mark.className = 'badge review';
        mark.textContent = text;
        head.append(mark);
    }
    if (row.needsReview) {
        const review = document.createElement('span');
        review.className = 'badge review';
        review.textContent = 'نیاز به بازبینی';
        head.append(review);
    }

    const meta = document.createElement('span');
    meta.className = 'item-meta';
    const { province } = selectedInbox();
    meta.textContent = [
        toPersianDigits(row.receivedAt),
        names.topics[row.topic] ?? row.topic,
        names.sentiments[row.sentiment] ?? row.sentiment,
        row.county ? names.counties[`${province}|${row.county}`] ?? row.county : null,
    ].filter(Boolean).join(' · ');

    const preview = document.createElement('span');
    preview.className = 'item-preview';
    preview.textContent = row.preview;

    link.append(head, meta);
    if (row.deadline) link.append(deadlineLine(row.deadline));
    link.append(preview);
    item.append(link);
    return item;
}

/** «مهلت رسیدگی: تا پایان ۱۴۰۵/۰۹/۱۷», marked when it is due today or has passed. */
function deadlineLine(deadline) {
    const line = document.createElement('span');
    line.className = `item-deadline deadline-${deadline.state}`;
    line.textContent = `${label(SLA_LABELS, deadline.kind)}: ${deadline.until}`;
    return line;
}

async function loadList({ reset }) {
    if (reset) {
        continuation = null;
        items.replaceChildren();
    }
    pageAlert.textContent = '';
    clearErrors(filters);
    announce(listProgress, MESSAGES.reading, { shown: true });
    const result = await getJson(listUrl());
    listProgress.textContent = '';
    if (result.status === 401) {
        signInAgain();
        return;
    }
    if (result.status === 400 && result.body?.errors) {
        for (const name of ['from', 'to', 'q']) {
            if (result.body.errors[name]) showFieldError(`${name}-error`, name, SERVER_FIELD_MESSAGES[name]);
        }
        pageAlert.textContent = MESSAGES.filtersRefused;
        return;
    }
    if (result.status !== 200) {
        pageAlert.textContent = troubleMessage(result, MESSAGES.notRead) ?? MESSAGES.notRead;
        return;
    }
    items.append(...result.body.items.map(rowItem));
    continuation = result.body.continuation;
    more.hidden = !continuation;
    listEmpty.hidden = items.children.length > 0;
    listStale = false;
    announce(listProgress, MESSAGES.shownCount(items.children.length), { shown: false });
}

function fact(term, value, { ltr = false } = {}) {
    const row = document.createElement('div');
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    if (ltr) dd.dir = 'ltr';
    row.append(dt, dd);
    return row;
}

function listSection(heading, entries) {
    const section = document.createElement('section');
    const h3 = document.createElement('h3');
    h3.textContent = heading;
    const list = document.createElement('ul');
    list.className = 'plain-list';
    list.append(...entries.map((text) => {
        const entry = document.createElement('li');
        entry.textContent = text;
        return entry;
    }));
    section.append(h3, list);
    return section;
}

function historyStep(step) {
    const entry = document.createElement('li');
    const when = document.createElement('span');
    when.className = 'when';
    when.textContent = toPersianDigits(step.at);
    const what = document.createElement('strong');
    what.textContent = label(STATUS_LABELS, step.status);
    const note = document.createElement('p');
    note.className = 'note';
    note.textContent = step.note;
    entry.append(when, what, note);
    return entry;
}

/** The service (its name as the sender gave it, else its code), whether it answers a survey SMS, the rating, the counter office by name. */
function surveyFacts(survey) {
    const facts = [];
    if (survey.serviceName) facts.push(fact('خدمت', survey.serviceName));
    else if (survey.serviceCode) facts.push(fact('کد خدمت', survey.serviceCode, { ltr: true }));
    if (survey.surveyId) facts.push(fact('نظرسنجی', MESSAGES.answersSurvey));
    if (survey.rating) facts.push(fact('امتیاز شهروند', `${toPersianDigits(survey.rating)} از ۵`));
    if (survey.counterOfficeName) facts.push(fact('دفتر پیشخوان', survey.counterOfficeName));
    else if (survey.counterOffice) facts.push(fact('شناسه دفتر پیشخوان', survey.counterOffice, { ltr: true }));
    return facts;
}

function showDetail(item) {
    current = item;
    element('confirm-box').hidden = true;
    pendingAction = null;
    element('detail-code').textContent = toPersianDigits(item.trackingCode);
    const facts = [
        fact('وضعیت', label(STATUS_LABELS, item.status)),
        fact('دستگاه رسیدگی‌کننده', item.agency?.name ?? MESSAGES.none),
        fact('تاریخ ثبت', toPersianDigits(item.receivedAt)),
        fact('راه دریافت', label(CHANNEL_LABELS, item.channel)),
        fact('شهرستان', item.county ?? MESSAGES.none),
        fact('تلفن همراه', item.phone ? toPersianDigits(item.phone) : MESSAGES.none, { ltr: Boolean(item.phone) }),
    ];
    if (item.assessment) {
        facts.push(
            fact('موضوع', `${names.topics[item.assessment.topic] ?? item.assessment.topic} (اطمینان ${percent(item.assessment.topicConfidence)})`),
            fact('احساس', `${names.sentiments[item.assessment.sentiment] ?? item.assessment.sentiment} (اطمینان ${percent(item.assessment.sentimentConfidence)})`),
            fact('نیاز به بازبینی', item.assessment.needsReview ? MESSAGES.yes : MESSAGES.no),
        );
    }
    facts.push(...surveyFacts(item.survey));
    if (item.sla && ['routed', 'acknowledged', 'inprogress'].includes(item.status)) {
        if (item.status === 'routed') facts.push(fact(SLA_LABELS.acknowledge, item.sla.acknowledgeUntil));
        facts.push(fact(SLA_LABELS.resolve, item.sla.resolveUntil));
    }
    if (item.agencyReply) facts.push(fact('پاسخ دستگاه', item.agencyReply));
    if (item.rejectionReason) facts.push(fact('دلیل رد', item.rejectionReason));
    element('detail-facts').replaceChildren(...facts);
    element('detail-text').textContent = item.text;
    element('original-note').hidden = !item.originalReadable;
    element('read-original').hidden = !item.originalReadable;

    const extra = [];
    if (item.sla?.breaches.length) {
        extra.push(listSection('تأخیرهای ثبت‌شده', item.sla.breaches.map((breach) =>
            `${label(SLA_LABELS, breach.kind)} تا ${toPersianDigits(breach.dueAt)} — ثبت تأخیر ${toPersianDigits(breach.flaggedAt)}`)));
    }
    if (item.reassignments.length) {
        extra.push(listSection('ارجاع‌های اصلاحی', item.reassignments.map((move) =>
            `${toPersianDigits(move.at)}: از ${move.from.name} به ${move.to.name} — ${move.reason}`)));
    }
    if (item.corrections.length) {
        extra.push(listSection('اصلاح برچسب‌ها', item.corrections.map((fix) =>
            `${toPersianDigits(fix.at)}: موضوع ${names.topics[fix.fromTopic] ?? fix.fromTopic} ← ${names.topics[fix.toTopic] ?? fix.toTopic}، احساس ${names.sentiments[fix.fromSentiment] ?? fix.fromSentiment} ← ${names.sentiments[fix.toSentiment] ?? fix.toSentiment}`)));
    }
    if (item.questions.length) {
        extra.push(listSection(item.awaitingCitizen ? 'پرسش از شهروند (در انتظار پاسخ)' : 'پرسش از شهروند', item.questions.map((question) =>
            `${toPersianDigits(question.askedAt)}: ${question.question} — ${question.answer ? `پاسخ شهروند (${toPersianDigits(question.answeredAt)}): ${question.answer}` : `در انتظار پاسخ تا ${toPersianDigits(question.waitUntil)}`}`)));
    }
    if (item.reopenCount > 0 || item.resolutionRating) {
        const rated = item.resolutionRating ? `امتیاز شهروند به رسیدگی: ${toPersianDigits(item.resolutionRating)} از ۵` : '';
        const reopened = item.reopenCount > 0 ? `شهروند پرونده را ${toPersianDigits(item.reopenCount)} بار دوباره باز کرد` : '';
        extra.push(listSection('نظر شهروند درباره رسیدگی', [rated, reopened].filter(Boolean)));
    }
    element('detail-extra').replaceChildren(...extra);
    element('detail-history').replaceChildren(...item.history.map(historyStep));

    const allowed = new Set(item.actions);
    actions.hidden = allowed.size === 0;
    element('act-acknowledge').hidden = !allowed.has('acknowledge');
    element('act-start').hidden = !allowed.has('start');
    element('act-to-case').hidden = !allowed.has('to-case');
    element('act-to-feedback').hidden = !allowed.has('to-feedback');
    element('resolve-form').hidden = !allowed.has('resolve');
    element('reject-form').hidden = !allowed.has('reject');
    element('ask-form').hidden = !allowed.has('ask') || item.awaitingCitizen;
    element('reassign-form').hidden = !allowed.has('reassign') || me.reassignTo.length === 0;
    element('correct-form').hidden = !allowed.has('correct');
    if (item.assessment) {
        element('correct-topic').value = item.assessment.topic;
        element('correct-sentiment').value = item.assessment.sentiment;
    }
}

async function openItem(code, { push }) {
    pageAlert.textContent = '';
    detailAlert.textContent = '';
    detailProgress.textContent = '';
    const result = await getJson(`/api/inbox/items/${encodeURIComponent(code)}`);
    if (result.status === 401) {
        signInAgain();
        return;
    }
    if (result.status !== 200) {
        pageAlert.textContent = result.status === 403 ? MESSAGES.notYours
            : result.status === 404 || result.status === 400 ? MESSAGES.notFound
                : troubleMessage(result, MESSAGES.itemNotRead) ?? MESSAGES.itemNotRead;
        return;
    }
    if (push) history.pushState({ code }, '', `/staff?code=${encodeURIComponent(code)}`);
    showDetail(result.body);
    document.title = `بازخورد ${toPersianDigits(result.body.trackingCode)} | ${listTitle}`;
    listView.hidden = true;
    detail.hidden = false;
    detailTitle.focus();
}

function showList() {
    document.title = listTitle;
    detail.hidden = true;
    listView.hidden = false;
    current = null;
    if (listStale) loadList({ reset: true });
}

/** The field errors of a refused action, by the API's field names, shown beside the action's own fields. */
function showActionErrors(name, errors) {
    const fields = {
        resolve: { reply: ['reply-error', 'reply'] },
        reject: { reason: ['reject-reason-error', 'reject-reason'] },
        ask: { question: ['question-error', 'question'] },
        reassign: { agency: ['reassign-agency-error', 'reassign-agency'], reason: ['reassign-reason-error', 'reassign-reason'] },
    }[name] ?? {};
    for (const [field, [errorId, fieldId]] of Object.entries(fields)) {
        if (errors[field]) showFieldError(errorId, fieldId, SERVER_FIELD_MESSAGES[field]);
    }
}

async function act(name, body, form) {
    if (!current) return;
    detailAlert.textContent = '';
    clearErrors(actions);
    announce(detailProgress, MESSAGES.saving, { shown: true });
    const result = await postJson(`/api/inbox/items/${encodeURIComponent(current.trackingCode)}/${name}`, body);
    detailProgress.textContent = '';
    if (result.status === 200 && result.body) {
        form?.reset();
        showDetail(result.body);
        listStale = true;
        announce(detailProgress, MESSAGES.done[name], { shown: true });
        return;
    }
    await showRefusal(name, result, MESSAGES.notSaved);
}

/** What the person is told when an action or its preview was not done: sign in again, the fields, a changed item, or why. */
async function showRefusal(name, result, otherTrouble) {
    if (result.status === 401) {
        signInAgain();
        return;
    }
    if (result.status === 400 && result.body?.errors) {
        showActionErrors(name, result.body.errors);
        detailAlert.textContent = MESSAGES.refused;
        return;
    }
    if (result.status === 409) {
        await openItem(current.trackingCode, { push: false });
        detailAlert.textContent = MESSAGES.notNow;
        return;
    }
    detailAlert.textContent = result.status === 403 ? MESSAGES.notYours : troubleMessage(result, otherTrouble) ?? MESSAGES.unexpected;
}

/**
 * Before an action that texts the citizen: the exact SMS it will send (POST /api/inbox/sms-preview, made by the
 * server's own SMS code), shown in place of the action's form until the person confirms or goes back to edit.
 */
async function confirmFirst(name, body, form) {
    if (!current) return;
    leaveConfirmation();
    detailAlert.textContent = '';
    clearErrors(actions);
    announce(detailProgress, MESSAGES.previewing, { shown: true });
    const result = await postJson('/api/inbox/sms-preview', { trackingCode: current.trackingCode, operation: name, ...body });
    detailProgress.textContent = '';
    if (result.status !== 200) {
        await showRefusal(name, result, MESSAGES.notPreviewed);
        return;
    }
    pendingAction = { name, body, form };
    element('confirm-sms').textContent = result.body.sends ? result.body.text : '';
    element('confirm-sms').hidden = !result.body.sends;
    element('confirm-note').textContent = result.body.sends ? MESSAGES.smsSegments(result.body.segments) : MESSAGES.noSms;
    form.hidden = true;
    element('confirm-box').hidden = false;
    element('confirm-title').focus();
}

function leaveConfirmation() {
    element('confirm-box').hidden = true;
    const pending = pendingAction;
    pendingAction = null;
    if (pending) pending.form.hidden = false;
    return pending;
}

element('confirm-send').addEventListener('click', () => {
    const pending = leaveConfirmation();
    if (pending) act(pending.name, pending.body, pending.form);
});
element('confirm-edit').addEventListener('click', () => {
    const pending = leaveConfirmation();
    pending?.form.querySelector('textarea')?.focus();
});

/** Checks a required text field before sending; false (with the message shown) when it is empty. */
function required(fieldId, errorId, message) {
    if (element(fieldId).value.trim() !== '') return true;
    showFieldError(errorId, fieldId, message);
    element(fieldId).focus();
    return false;
}

function onSubmit(formId, handler) {
    element(formId).addEventListener('submit', (event) => {
        event.preventDefault();
        clearErrors(actions);
        handler(event.currentTarget);
    });
}

onSubmit('resolve-form', (form) => {
    if (required('reply', 'reply-error', MESSAGES.required.reply)) confirmFirst('resolve', { reply: element('reply').value }, form);
});
onSubmit('reject-form', (form) => {
    if (required('reject-reason', 'reject-reason-error', MESSAGES.required.reason)) confirmFirst('reject', { reason: element('reject-reason').value }, form);
});
onSubmit('ask-form', (form) => {
    if (required('question', 'question-error', MESSAGES.required.question)) confirmFirst('ask', { question: element('question').value }, form);
});
onSubmit('reassign-form', (form) => {
    const agencyChosen = required('reassign-agency', 'reassign-agency-error', MESSAGES.required.agency);
    if (agencyChosen && required('reassign-reason', 'reassign-reason-error', MESSAGES.required.reason)) {
        act('reassign', { agency: element('reassign-agency').value, reason: element('reassign-reason').value }, form);
    }
});
onSubmit('correct-form', () => act('correct', { topic: element('correct-topic').value, sentiment: element('correct-sentiment').value }));
element('act-acknowledge').addEventListener('click', () => act('acknowledge', {}));
element('read-original').addEventListener('click', async () => {
    if (!current) return;
    detailAlert.textContent = '';
    const result = await postJson(`/api/inbox/items/${encodeURIComponent(current.trackingCode)}/original`);
    if (result.status === 401) {
        signInAgain();
        return;
    }
    if (result.status !== 200 || typeof result.body?.text !== 'string') {
        detailAlert.textContent = result.status === 403 ? MESSAGES.notYours : troubleMessage(result, MESSAGES.itemNotRead) ?? MESSAGES.unexpected;
        return;
    }
    element('detail-text').textContent = result.body.text;
    element('original-note').hidden = true;
    element('read-original').hidden = true;
    announce(detailProgress, MESSAGES.done.original, { shown: true });
});
element('act-start').addEventListener('click', () => act('start', {}));
element('act-to-case').addEventListener('click', () => act('to-case', {}));
element('act-to-feedback').addEventListener('click', () => act('to-feedback', {}));

filters.addEventListener('submit', (event) => {
    event.preventDefault();
    loadList({ reset: true });
});
inboxSelect.addEventListener('change', () => {
    fillCounties();
    showInboxTitle();
    loadList({ reset: true });
});
more.addEventListener('click', () => loadList({ reset: false }));
element('back').addEventListener('click', (event) => {
    event.preventDefault();
    history.pushState(null, '', '/staff');
    showList();
});
window.addEventListener('popstate', () => {
    const code = new URLSearchParams(window.location.search).get('code');
    if (code) openItem(code, { push: false });
    else showList();
});
// On a phone the filters would fill the first screen: they start folded there, open on a wider screen.
if (window.matchMedia('(max-width: 40rem)').matches) element('filters-box').open = false;

async function start() {
    const session = await staffSession;
    if (session.result.status === 401) {
        signInAgain();
        return;
    }
    if (!session.me) {
        pageAlert.textContent = troubleMessage(session.result, MESSAGES.notRead) ?? MESSAGES.unexpected;
        return;
    }
    me = session.me;
    fillChoices();
    if (me.inboxes.length === 0) {
        pageAlert.textContent = 'کارتابلی برای شما تعریف نشده است.';
        return;
    }
    await loadList({ reset: true });
    const code = new URLSearchParams(window.location.search).get('code');
    if (code) await openItem(code, { push: false });
}

start();
