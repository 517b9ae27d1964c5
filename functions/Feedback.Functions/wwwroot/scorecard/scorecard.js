// The public scorecard: reads /api/scorecard for the period the address names (this month by default), shows each
// table in full and the agencies as a chart too (Chart.js, bundled, loaded before this module). No personal data
// reaches it: the server leaves out every group under the minimum size.

import { callApi, problemDetail, troubleMessage } from '/js/api.js';
import { Chart } from '/js/charts.js';
import { toPersianDigits } from '/js/digits.js';

const COLORS = { withinSla: '#0a5a48', negative: '#a3161a' };
const CHART_ROWS = 15;

const integer = new Intl.NumberFormat('fa-IR');
const oneDecimal = new Intl.NumberFormat('fa-IR', { maximumFractionDigits: 1 });
const computedAt = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tehran' });
const twoDecimals = new Intl.NumberFormat('fa-IR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const form = document.getElementById('period-form');
const select = document.getElementById('period');
const pageAlert = document.getElementById('page-alert');
const pageProgress = document.getElementById('page-progress');
const reportView = document.getElementById('report');
let chart = null;

const DASH = '—';
const percent = (share) => (share === null || share === undefined ? DASH : `${oneDecimal.format(share * 100)}٪`);
const rating = (value) => (value === null || value === undefined ? DASH : twoDecimals.format(value));

/** A duration in hours as a person reads it: hours under two days, days from then on. */
function duration(hours) {
    if (hours === null || hours === undefined) return DASH;
    return hours < 48 ? `${oneDecimal.format(hours)} ساعت` : `${oneDecimal.format(hours / 24)} روز`;
}

async function load(period) {
    pageAlert.replaceChildren();
    form.setAttribute('aria-busy', 'true');
    pageProgress.textContent = 'در حال خواندن کارنامه…';
    const query = period ? `?period=${encodeURIComponent(period)}` : '';
    const result = await callApi(`/api/scorecard${query}`);
    form.removeAttribute('aria-busy');
    pageProgress.textContent = '';
    if (result.status === 200) {
        render(result.body);
        pageProgress.textContent = `کارنامه ${result.body.period.label} نمایش داده شد.`;
        return;
    }
    reportView.hidden = true;
    pageAlert.textContent = troubleMessage(result, 'کارنامه خوانده نشد.') ?? problemDetail(result) ?? 'کارنامه خوانده نشد؛ لطفاً دوباره تلاش کنید.';
}

function render(scorecard) {
    const period = scorecard.period;
    select.replaceChildren(...scorecard.choices.map((choice) => new Option(choice.label, choice.key)));
    select.value = period.key;
    document.getElementById('period-text').textContent = `${period.label}، ${toPersianDigits(period.from)} تا ${toPersianDigits(period.to)}`;
    document.getElementById('privacy-note').textContent =
        `گروه‌هایی که در این دوره کمتر از ${integer.format(scorecard.minimumGroupSize)} بازخورد دارند نمایش داده نمی‌شوند، و اگر جمع گروه‌های پنهان از این کمتر باشد، کوچک‌ترین گروه نمایان هم پنهان می‌شود تا هیچ گروه کوچکی از تفاضل جمع‌ها به دست نیاید.`;
    document.getElementById('computed-at').textContent = `آمار تا ${computedAt.format(new Date(scorecard.computedAt))}؛ ماه یا فصل جاری هنوز کامل نیست.`;
    document.getElementById('csv-link').href = `/api/scorecard/export?period=${encodeURIComponent(period.key)}`;

    renderTable('provinces', 'استان', scorecard.provinces, false);
    renderTable('agencies', 'دستگاه', scorecard.agencies, true);
    renderTable('offices', 'دفتر پیشخوان', scorecard.counterOffices, true);
    renderChart(scorecard.agencies.rows);
    reportView.hidden = false;
}

function renderTable(name, heading, table, withProvince) {
    const headings = [heading, ...(withProvince ? ['استان'] : []), 'تعداد', 'سهم منفی', 'میانه زمان تا رؤیت', 'میانه زمان تا پاسخ نهایی', 'در مهلت', 'رضایت از رسیدگی (از ۵)', 'بازگشایی'];
    const head = document.createElement('thead');
    const headRow = document.createElement('tr');
    headings.forEach((text, index) => {
        const th = document.createElement('th');
        th.scope = 'col';
        th.textContent = text;
        if (index > (withProvince ? 1 : 0)) th.className = 'number';
        headRow.append(th);
    });
    head.append(headRow);
    const body = document.createElement('tbody');
    for (const row of table.rows) {
        const tr = document.createElement('tr');
        const cells = [
            ...(withProvince ? [row.provinceName] : []),
            integer.format(row.volume),
            percent(row.negativeShare),
            duration(row.medianHoursToAcknowledge),
            duration(row.medianHoursToClose),
            percent(row.withinSlaShare),
            row.resolutionSatisfaction === null ? DASH : `${rating(row.resolutionSatisfaction)} (${integer.format(row.resolutionAnswers)} پاسخ)`,
            percent(row.reopenRate),
        ];
        const nameCell = document.createElement('th');
        nameCell.scope = 'row';
        nameCell.textContent = row.name;
        tr.append(nameCell);
        cells.forEach((text, index) => {
            const td = document.createElement('td');
            td.textContent = text;
            if (index >= (withProvince ? 1 : 0)) td.className = 'number';
            tr.append(td);
        });
        body.append(tr);
    }
    document.getElementById(`${name}-table`).replaceChildren(head, body);
    const hidden = document.getElementById(`${name}-hidden`);
    hidden.textContent = table.rows.length === 0 && table.hiddenGroups === 0
        ? 'در این دوره بازخوردی نیست.'
        : table.hiddenGroups > 0
            ? `${integer.format(table.hiddenGroups)} گروه دیگر به دلیل کم بودن بازخوردها نمایش داده نشده است.`
            : '';
}

function renderChart(rows) {
    const shown = rows.slice(0, CHART_ROWS);
    chart?.destroy();
    const canvas = document.getElementById('agencies-chart');
    canvas.setAttribute('aria-label', `نمودار میله‌ای سهم موارد در مهلت و سهم منفی ${integer.format(shown.length)} دستگاه پرشمار؛ داده‌ها در جدول زیر آن`);
    chart = new Chart(canvas, {
        type: 'bar',
        data: {
            labels: shown.map((row) => row.name),
            datasets: [
                { label: 'در مهلت (درصد)', data: shown.map((row) => (row.withinSlaShare === null ? null : row.withinSlaShare * 100)), backgroundColor: COLORS.withinSla },
                { label: 'منفی (درصد)', data: shown.map((row) => row.negativeShare * 100), backgroundColor: COLORS.negative },
            ],
        },
        options: {
            indexAxis: 'y',
            scales: { x: { reverse: true, min: 0, max: 100 }, y: { position: 'right' } },
        },
    });
}

form.addEventListener('submit', (event) => {
    event.preventDefault();
    const period = select.value;
    window.history.replaceState(null, '', `${window.location.pathname}?period=${encodeURIComponent(period)}`);
    load(period);
});

load(new URLSearchParams(window.location.search).get('period'));
