// The staff pages' shared header (partials/staff-header.html): who is signed in, the pages their role may open (the server's
// list, GET /api/staff/me), and sign-out; for someone not signed in, a sign-in link that brings them back to this page.
// Pages import staffSession rather than asking /api/staff/me again.

import { getJson, postJson } from './staff-api.js';
import { ROLE_LABELS, label } from './labels.js';

const element = (id) => document.getElementById(id);

/** Where signing in starts from this page and comes back to it (the server accepts only a path of this site). */
export function signInAddress() {
    return `/staff/home?return=${encodeURIComponent(window.location.pathname + window.location.search)}`;
}

function pageLink(page) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = page.path;
    link.textContent = page.name;
    if (page.path === window.location.pathname) link.setAttribute('aria-current', 'page');
    item.append(link);
    return item;
}

async function signOut(me) {
    if (me.localSignIn) {
        await postJson('/api/staff/sign-out');
        window.location.assign('/staff/sign-in');
    } else {
        window.location.assign('/.auth/logout?post_logout_redirect_uri=/staff');
    }
}

/** The signed-in person ({me, result}: me null when nobody is signed in or /api/staff/me failed; result as callApi gives it). */
async function load() {
    const result = await getJson('/api/staff/me');
    if (result.status !== 200 || !result.body?.user) {
        if (result.status === 401) {
            element('sign-in-link').href = signInAddress();
            element('sign-in-link').hidden = false;
        }
        return { me: null, result };
    }
    const me = result.body;
    element('who').textContent = `${me.user.name} (${label(ROLE_LABELS, me.user.role)})`;
    element('staff-pages').replaceChildren(...me.pages.map(pageLink));
    element('staff-nav').hidden = false;
    const signOutButton = element('sign-out');
    signOutButton.hidden = false;
    signOutButton.addEventListener('click', () => signOut(me));
    return { me, result };
}

export const staffSession = load();
