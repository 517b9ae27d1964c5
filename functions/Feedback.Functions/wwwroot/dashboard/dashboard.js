// The governorate dashboard: reads /api/trends for the view the address describes, draws its charts with Chart.js
// (bundled from npm at build time, loaded before this module) and shows every charted figure in a table too.
// Each view can be exported as CSV; the items behind it are listed on request, masked by the server.

import { callApi, troubleMessage } from '/js/api.js';
import { Chart } from '/js/charts.js';
import { digitValue, toPersianDigits } from '/js/digits.js';
import { signInAddress, staffSession } from '/staff/staff-header.js';

const FIELDS = ['from', 'to', 'granularity', 'topic', 'sentiment', 'agency', 'county'];
const FILTERS = ['topic', 'sentiment', 'agency', 'county'];
const COLORS = { negative: '#a3161a', neutral: '#7b8594', positive: '#0a5a48', rating: '#1447c2' };
const SLA_ROWS_SHOWN = 20;

const integer = new Intl.NumberFormat('fa-IR');
const oneDecimal = new Intl.NumberFormat('fa-IR', { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('fa-IR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const form = document.getElementById('filters');
const pageAlert = document.getElementById('page-alert');
const pageProgress = document.getElementById('page-progress');
const reportView = document.getElementById('report');
const itemsButton = document.getElementById('load-items');
const itemsProgress = document.getElementById('items-progress');
const itemsView = document.getElementById('items-view');
const charts = new Map();

const percent = (share) => (share === null || share === undefined ? '—' : `${oneDecimal.format(share * 100)}٪`);
const meanRating = (value) => (value === null || value === undefined ? '—' : twoDecimals.format(value));
const jalali = (text) => toPersianDigits(text);
const asciiDigits = (text) => [...text].map((character) => (digitValue(character) >= 0 ? String(digitValue(character)) : character)).join('');

/** The view the form describes, as the API's query string; the province comes from the address (national admins). */
function viewQuery() {
    const query = new URLSearchParams();
    const province = new URLSearchParams(window.location.search).get('province');
    if (province) query.set('province', province);
    for (const name of FIELDS) {
        const value = asciiDigits(form.elements[name].value.trim());
        if (value && !(name === 'granularity' && value === 'day')) query.set(name, value);
    }
    return query;
}

function readAddress() {
    const query = new URLSearchParams(window.location.search);
    for (const name of FIELDS) {
        const value = query.get(name);
        if (value === null) continue;
        const field = form.elements[name];
        if (field.tagName === 'SELECT' && ![...field.options].some((option) => option.value === value)) {
            field.append(new Option(value, value));
        }
        field.value = field.tagName === 'SELECT' ? value : toPersianDigits(value);
    }
}

function clearMessages() {
    pageAlert.replaceChildren();
    for (const name of ['from', 'to']) {
        document.getElementById(`${name}-error`).textContent = '';
        form.elements[name].removeAttribute('aria-invalid');
    }
}

function showAlert(...parts) {
    pageAlert.replaceChildren(...parts);
}

function link(text, href) {
    const anchor = document.createElement('a');
    anchor.href = href;
    anchor.textContent = text;
    return anchor;
}

async function load() {
    clearMessages();
    const query = viewQuery();
    window.history.replaceState(null, '', `${window.location.pathname}${query.size ? `?${query}` : ''}`);
    form.setAttribute('aria-busy', 'true');
    pageProgress.textContent = 'در حال خواندن آمار…';
    const result = await callApi(`/api/trends?${query}`, { credentials: 'same-origin' });
    form.removeAttribute('aria-busy');
    pageProgress.textContent = '';
    if (result.status === 200) {
        render(result.body, query, (await staffSession).me);
        pageProgress.textContent = `آمار دوره نمایش داده شد: ${integer.format(result.body.totals.volume)} بازخورد.`;
        return;
    }
    if (result.status === 401 || result.status === 403) reportView.hidden = true;
    if (result.status === 401) {
        showAlert('برای دیدن داشبورد باید به‌عنوان کارکنان وارد شوید. ', link('ورود کارکنان', signInAddress()));
    } else if (result.status === 403) {
        showAlert('نقش شما اجازه دیدن آمار این استان را نمی‌دهد.');
    } else if (result.status === 400) {
        showFieldErrors(result.body?.errors ?? {});
    } else {
        showAlert(troubleMessage(result, 'آمار خوانده نشد:') ?? 'آمار خوانده نشد؛ لطفاً دوباره تلاش کنید.');
    }
}

function showFieldErrors(errors) {
    const messages = {
        from: 'تاریخ آغاز درست نیست؛ مانند ۱۴۰۴/۰۷/۰۱',
        to: errors.from ? 'تاریخ پایان درست نیست؛ مانند ۱۴۰۴/۰۷/۳۰' : 'تاریخ پایان درست نیست، یا دوره وارونه یا بیش از ۹۰ روز است',
    };
    let first = null;
    for (const name of ['from', 'to']) {
        if (!errors[name]) continue;
        document.getElementById(`${name}-error`).textContent = messages[name];
        form.elements[name].setAttribute('aria-invalid', 'true');
        first ??= form.elements[name];
    }
    showAlert(first ? 'نما نمایش داده نشد: تاریخ‌ها را بررسی کنید.' : 'نما نمایش داده نشد: یکی از گزینه‌ها پذیرفته نشد.');
    first?.focus();
}

function fillChoices(select, choices) {
    const chosen = select.value;
    select.replaceChildren(new Option('همه', ''), ...choices.map((choice) => new Option(choice.label, choice.key)));
    select.value = choices.some((choice) => choice.key === chosen) ? chosen : '';
}

function render(report, query, me) {
    fillChoices(form.elements.topic, report.choices.topics);
    fillChoices(form.elements.sentiment, report.choices.sentiments);
    // An agency's staff see their own agency's figures only (the server holds them to it): offer no other agency.
    const ownAgency = me?.user.role === 'agency-staff' ? me.user.agency : null;
    fillChoices(form.elements.agency, ownAgency ? report.choices.agencies.filter((choice) => choice.key === ownAgency) : report.choices.agencies);
    fillChoices(form.elements.county, report.choices.counties);
    document.getElementById('province-name').textContent = `استان ${report.provinceLabel}`;
    const period = report.period;
    document.getElementById('period-text').textContent = `از ${jalali(period.fromJalali)} تا ${jalali(period.toJalali)}`;

    renderSummary(report);
    renderSeries(report);
    renderTopics(report);
    renderBreakdown(document.getElementById('agency-table'), 'دستگاه', report.byAgency);
    renderResolution(report.byAgency);
    renderBreakdown(document.getElementById('county-table'), 'شهرستان', report.byCounty);
    renderRising(report.risingNegative);
    renderSla(report.slaBreaches);

    for (const anchor of document.querySelectorAll('.csv-link')) {
        const exportQuery = new URLSearchParams(query);
        exportQuery.set('view', anchor.dataset.view);
        anchor.href = `/api/trends/export?${exportQuery}`;
        anchor.setAttribute('download', '');
    }
    itemsView.hidden = true;
    itemsProgress.textContent = '';
    reportView.hidden = false;
}

function figure(term, value, note) {
    const wrapper = document.createElement('div');
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    const shown = document.createElement('span');
    shown.className = 'value';
    shown.textContent = value;
    dd.append(shown);
    if (note) {
        const was = document.createElement('span');
        was.className = 'was';
        was.textContent = note;
        dd.append(was);
    }
    wrapper.append(dt, dd);
    return wrapper;
}

function renderSummary(report) {
    const now = report.totals;
    const before = report.previousTotals;
    const sla = report.slaBreaches;
    document.getElementById('summary').replaceChildren(
        figure('تعداد بازخورد', integer.format(now.volume), `دوره قبل: ${integer.format(before.volume)}`),
        figure('سهم منفی', percent(now.negativeShare), `دوره قبل: ${percent(before.negativeShare)}`),
        figure('سهم مثبت', percent(now.positiveShare), `دوره قبل: ${percent(before.positiveShare)}`),
        figure('میانگین رضایت (از ۵)', meanRating(now.averageRating), `${integer.format(now.rated)} امتیاز`),
        figure('تأخیر در رسیدگی', integer.format(sla.total), `دیده‌نشده: ${integer.format(sla.acknowledge)}، رسیدگی‌نشده: ${integer.format(sla.resolve)}`),
    );
    const period = report.period;
    document.getElementById('previous-text').textContent =
        `دوره قبل، برای مقایسه: ${jalali(period.previousFromJalali)} تا ${jalali(period.previousToJalali)}`;
}

/** A table's head and rows; a cell is text, a number (aligned as one) or an element. Its caption stays. */
function fillTable(table, headings, rows) {
    const columns = headings.map((heading) => (typeof heading === 'string' ? { text: heading } : heading));
    const caption = table.querySelector('caption');
    const head = document.createElement('thead');
    const headRow = document.createElement('tr');
    for (const column of columns) {
        const th = document.createElement('th');
        th.scope = 'col';
        th.textContent = column.text;
        if (column.number) th.className = 'number';
        headRow.append(th);
    }
    head.append(headRow);
    const body = document.createElement('tbody');
    for (const row of rows) {
        const tr = document.createElement('tr');
        row.forEach((cell, index) => {
            const td = document.createElement(index === 0 ? 'th' : 'td');
            if (index === 0) td.scope = 'row';
            if (cell instanceof Node) td.append(cell);
            else td.textContent = cell;
            if (columns[index].number) td.className = 'number';
            if (columns[index].wraps) td.className = 'text';
            tr.append(td);
        });
        body.append(tr);
    }
    table.replaceChildren(...(caption ? [caption] : []), head, body);
}

const number = (text) => ({ text, number: true });

function bucketLabel(point, granularity) {
    return granularity === 'week' && point.startJalali !== point.endJalali
        ? `${jalali(point.startJalali)} تا ${jalali(point.endJalali)}`
        : jalali(point.startJalali);
}

function draw(id, config, description) {
    charts.get(id)?.destroy();
    const canvas = document.getElementById(id);
    canvas.setAttribute('aria-label', description);
    charts.set(id, new Chart(canvas, config));
}

function renderSeries(report) {
    const granularity = report.period.granularity;
    const labels = report.series.map((point) => bucketLabel(point, granularity));
    // The charts' axis has room for month and day only; the table gives the whole dates.
    const axisLabels = report.series.map((point) => jalali(point.startJalali.slice(5)));
    const tallies = report.series.map((point) => point.tally);
    const unit = granularity === 'week' ? 'هفته' : 'روز';
    document.getElementById('volume-table-caption').textContent = `بازخوردها در هر ${unit}`;

    draw('volume-chart', {
        type: 'bar',
        data: {
            labels: axisLabels,
            datasets: [
                { label: 'منفی', data: tallies.map((tally) => tally.negative), backgroundColor: COLORS.negative },
                { label: 'خنثی', data: tallies.map((tally) => tally.neutral), backgroundColor: COLORS.neutral },
                { label: 'مثبت', data: tallies.map((tally) => tally.positive), backgroundColor: COLORS.positive },
            ],
        },
        options: {
            scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
            plugins: { tooltip: { callbacks: { title: (points) => labels[points[0].dataIndex] } } },
        },
    }, `نمودار ستونی تعداد بازخورد در ${integer.format(labels.length)} ${unit} به تفکیک احساس؛ داده‌ها در جدول زیر آن`);

    draw('share-chart', {
        type: 'line',
        data: {
            labels: axisLabels,
            datasets: [
                { label: 'سهم منفی (درصد)', data: tallies.map((tally) => (tally.negativeShare === null ? null : tally.negativeShare * 100)), borderColor: COLORS.negative, backgroundColor: COLORS.negative, yAxisID: 'share', spanGaps: true },
                { label: 'میانگین رضایت', data: tallies.map((tally) => tally.averageRating), borderColor: COLORS.rating, backgroundColor: COLORS.rating, yAxisID: 'rating', spanGaps: true, borderDash: [6, 4] },
            ],
        },
        options: {
            plugins: { tooltip: { callbacks: { title: (points) => labels[points[0].dataIndex] } } },
            scales: {
                share: { type: 'linear', position: 'right', min: 0, max: 100, title: { display: true, text: 'درصد منفی' } },
                rating: { type: 'linear', position: 'left', min: 1, max: 5, grid: { drawOnChartArea: false }, title: { display: true, text: 'رضایت' } },
            },
        },
    }, `نمودار خطی سهم منفی و میانگین رضایت در هر ${unit}؛ داده‌ها در جدول نمودارهای زمانی`);

    fillTable(
        document.getElementById('series-table'),
        [unit === 'هفته' ? 'هفته' : 'روز', number('تعداد'), number('منفی'), number('خنثی'), number('مثبت'), number('سهم منفی'), number('میانگین رضایت')],
        report.series.map((point, index) => [
            labels[index],
            integer.format(point.tally.volume),
            integer.format(point.tally.negative),
            integer.format(point.tally.neutral),
            integer.format(point.tally.positive),
            percent(point.tally.negativeShare),
            meanRating(point.tally.averageRating),
        ]),
    );
}

function renderTopics(report) {
    const rows = report.byTopic;
    draw('topic-chart', {
        type: 'bar',
        data: {
            labels: rows.map((row) => row.label),
            datasets: [
                { label: 'منفی', data: rows.map((row) => row.tally.negative), backgroundColor: COLORS.negative },
                { label: 'خنثی', data: rows.map((row) => row.tally.neutral), backgroundColor: COLORS.neutral },
                { label: 'مثبت', data: rows.map((row) => row.tally.positive), backgroundColor: COLORS.positive },
            ],
        },
        options: {
            indexAxis: 'y',
            scales: { x: { stacked: true, reverse: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true, position: 'right' } },
        },
    }, `نمودار میله‌ای تعداد بازخورد ${integer.format(rows.length)} موضوع به تفکیک احساس؛ داده‌ها در جدول زیر آن`);
    renderBreakdown(document.getElementById('topic-table'), 'موضوع', rows);
}

/** A breakdown's rows; a name with a key narrows the view to it when chosen. */
function renderBreakdown(table, heading, rows) {
    const filter = table.dataset.filter;
    fillTable(
        table,
        [heading, number('تعداد'), number('منفی'), number('خنثی'), number('مثبت'), number('سهم منفی'), number('میانگین رضایت')],
        rows.map((row) => [
            row.key === null ? row.label : narrowButton(filter, row.key, row.label),
            integer.format(row.tally.volume),
            integer.format(row.tally.negative),
            integer.format(row.tally.neutral),
            integer.format(row.tally.positive),
            percent(row.tally.negativeShare),
            meanRating(row.tally.averageRating),
        ]),
    );
    if (rows.length === 0) table.append(emptyRow(7));
}

/** Each agency's resolved cases, the citizens' satisfaction with the resolutions, and how many they reopened. */
function renderResolution(rows) {
    const table = document.getElementById('resolution-table');
    const resolving = rows.filter((row) => row.tally.resolved > 0);
    fillTable(
        table,
        ['دستگاه', number('رسیدگی‌شده'), number('پاسخ شهروند'), number('رضایت از رسیدگی'), number('میانگین امتیاز رسیدگی'), number('بازگشایی‌شده'), number('نرخ بازگشایی')],
        resolving.map((row) => [
            row.label,
            integer.format(row.tally.resolved),
            integer.format(row.tally.resolutionRated),
            percent(row.tally.resolutionSatisfaction),
            meanRating(row.tally.averageResolutionRating),
            integer.format(row.tally.reopened),
            percent(row.tally.reopenRate),
        ]),
    );
    if (resolving.length === 0) table.append(emptyRow(7));
}

function narrowButton(filter, key, label) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link-button';
    button.textContent = label;
    button.addEventListener('click', () => {
        const select = form.elements[filter];
        select.value = key;
        form.requestSubmit();
    });
    return button;
}

function emptyRow(columns) {
    const body = document.createElement('tbody');
    const row = document.createElement('tr');
    const cell = document.createElement('td');
    cell.colSpan = columns;
    cell.className = 'empty';
    cell.textContent = 'در این نما موردی نیست.';
    row.append(cell);
    body.append(row);
    return body;
}

function renderRising(rises) {
    document.getElementById('rising-empty').hidden = rises.length > 0;
    const table = document.getElementById('rising-table');
    table.hidden = rises.length === 0;
    fillTable(
        table,
        ['موضوع', number('سهم منفی'), number('دوره قبل'), number('افزایش (واحد درصد)'), number('تعداد'), number('تعداد دوره قبل')],
        rises.map((rise) => {
            const up = document.createElement('span');
            up.className = 'up';
            up.textContent = `+${oneDecimal.format(rise.rise * 100)}`;
            return [rise.label, percent(rise.negativeShare), percent(rise.previousNegativeShare), up, integer.format(rise.volume), integer.format(rise.previousVolume)];
        }),
    );
}

function renderSla(sla) {
    document.getElementById('sla-summary').textContent = sla.total === 0
        ? 'در این دوره هیچ تأخیری ثبت نشده است.'
        : `در این دوره مهلت ${integer.format(sla.total)} مورد گذشت: ${integer.format(sla.acknowledge)} مورد در مهلت دیده نشد و ${integer.format(sla.resolve)} مورد در مهلت رسیدگی نشد.`;
    const byAgency = document.getElementById('sla-agency-table');
    const latest = document.getElementById('sla-table');
    byAgency.hidden = sla.total === 0;
    latest.hidden = sla.total === 0;
    fillTable(
        byAgency,
        ['دستگاه', number('دیده‌نشده در مهلت'), number('رسیدگی‌نشده در مهلت'), number('جمع')],
        sla.byAgency.map((row) => [row.label, integer.format(row.acknowledge), integer.format(row.resolve), integer.format(row.total)]),
    );
    fillTable(
        latest,
        ['کد پیگیری', 'دستگاه', 'نوع', 'موضوع', 'مهلت', 'زمان ثبت تأخیر'],
        sla.latest.slice(0, SLA_ROWS_SHOWN).map((row) => [
            toPersianDigits(row.trackingCode), row.agencyLabel, row.kindLabel, row.topicLabel ?? '—', jalali(row.dueAtJalali), jalali(row.flaggedAtJalali),
        ]),
    );
    const more = document.getElementById('sla-more');
    more.hidden = sla.latest.length <= SLA_ROWS_SHOWN;
    more.textContent = `${integer.format(sla.latest.length - SLA_ROWS_SHOWN)} مورد دیگر در فایل CSV تأخیرها آمده است.`;
}

async function loadItems() {
    const query = viewQuery();
    itemsProgress.textContent = 'در حال خواندن موارد…';
    const result = await callApi(`/api/trends/items?${query}`, { credentials: 'same-origin' });
    if (result.status !== 200) {
        itemsProgress.textContent = troubleMessage(result, 'موارد خوانده نشد:') ?? 'موارد خوانده نشد؛ لطفاً دوباره تلاش کنید.';
        return;
    }
    const { items, truncated } = result.body;
    fillTable(
        document.getElementById('items-table'),
        ['کد پیگیری', 'زمان دریافت', 'موضوع', 'احساس', 'دستگاه', 'شهرستان', number('امتیاز'), 'وضعیت', { text: 'گزیده متن', wraps: true }],
        items.map((item) => [
            toPersianDigits(item.trackingCode),
            jalali(item.receivedAtJalali),
            item.topicLabel,
            item.sentimentLabel,
            item.agencyLabel,
            item.countyLabel,
            item.rating === null ? '—' : integer.format(item.rating),
            item.statusLabel,
            item.excerpt,
        ]),
    );
    if (items.length === 0) document.getElementById('items-table').append(emptyRow(9));
    itemsView.hidden = false;
    itemsProgress.textContent = truncated
        ? `${integer.format(items.length)} مورد تازه‌تر نمایش داده شد؛ این نما موارد بیشتری دارد (فایل CSV تا ۵۰۰ مورد).`
        : `${integer.format(items.length)} مورد نمایش داده شد.`;
}

form.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
});
document.getElementById('clear-filters').addEventListener('click', () => {
    for (const name of FILTERS) form.elements[name].value = '';
    form.requestSubmit();
});
itemsButton.addEventListener('click', loadItems);

readAddress();
load();
