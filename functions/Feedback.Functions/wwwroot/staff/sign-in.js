// The local run's sign-in: lists the demo members of staff and signs in as the one chosen; then /staff/home sends
// them back to the page they came from (?return=, checked by the server) or to their role's home.

import { announce } from '/js/announce.js';
import { troubleMessage } from '/js/api.js';
import { getJson, postJson } from './staff-api.js';
import { ROLE_LABELS, label } from './labels.js';

const list = document.getElementById('demo-users');
const alertRegion = document.getElementById('sign-in-alert');
const progress = document.getElementById('sign-in-progress');

function describe(user) {
    const scope = [user.agencyName, user.provinceName ? `استان ${user.provinceName}` : null].filter(Boolean).join('، ');
    return scope ? `${label(ROLE_LABELS, user.role)} — ${scope}` : label(ROLE_LABELS, user.role);
}

async function signIn(user) {
    alertRegion.textContent = '';
    announce(progress, `در حال ورود به عنوان ${user.name}…`, { shown: true });
    const result = await postJson('/api/staff/sign-in', { userId: user.id });
    if (result.status === 200) {
        const returnTo = new URLSearchParams(window.location.search).get('return');
        window.location.assign(returnTo ? `/staff/home?return=${encodeURIComponent(returnTo)}` : '/staff/home');
        return;
    }
    progress.textContent = '';
    alertRegion.textContent = troubleMessage(result, 'ورود انجام نشد.') ?? 'ورود انجام نشد؛ صفحه را دوباره باز کنید.';
}

function userItem(user) {
    const item = document.createElement('li');
    item.className = 'card demo-user';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button';
    button.textContent = `ورود به عنوان ${user.name}`;
    button.addEventListener('click', () => signIn(user));
    const role = document.createElement('p');
    role.className = 'hint';
    role.textContent = describe(user);
    item.append(button, role);
    return item;
}

async function load() {
    const result = await getJson('/api/staff/demo-users');
    if (result.status !== 200 || !Array.isArray(result.body?.users)) {
        alertRegion.textContent = troubleMessage(result, 'فهرست کاربران نمونه خوانده نشد.') ?? 'فهرست کاربران نمونه خوانده نشد.';
        return;
    }
    if (result.body.users.length === 0) {
        alertRegion.textContent = 'کاربران نمونه هنوز ساخته نشده‌اند؛ چند لحظه بعد صفحه را دوباره باز کنید.';
        return;
    }
    list.replaceChildren(...result.body.users.map(userItem));
}

load();
