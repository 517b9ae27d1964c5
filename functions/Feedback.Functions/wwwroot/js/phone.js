// The server's rule for an Iranian mobile number (Feedback.Core's IranianMobile.Parse), checked before sending
// so a citizen hears about a typo at once. The server checks again; it has the last word.

import { digitValue, isInvisibleMark } from './digits.js';

const COUNTRY_CODE = '98';
const NATIONAL_LENGTH = 10;

function isSeparator(character) {
    return /\s/u.test(character) || '-.()'.includes(character) || isInvisibleMark(character);
}

function withoutTrunkZero(national) {
    return national.startsWith('0') ? national.slice(1) : national;
}

/**
 * Whether the input is an Iranian mobile number: 09121234567, 9121234567, +989121234567, 00989121234567 or
 * 989121234567, in Persian, Arabic-Indic or Latin digits, with spaces, dashes, dots or parentheses anywhere.
 */
export function isIranianMobile(input) {
    let digits = '';
    let plus = false;
    for (const character of input) {
        const value = digitValue(character);
        if (value >= 0) digits += value;
        else if (character === '+' && !plus && digits.length === 0) plus = true;
        else if (!isSeparator(character)) return false;
    }

    let national;
    if (plus || digits.startsWith('00')) {
        const international = plus ? digits : digits.slice(2);
        if (!international.startsWith(COUNTRY_CODE)) return false;
        national = withoutTrunkZero(international.slice(COUNTRY_CODE.length));
    } else if (digits.startsWith('0')) {
        national = digits.slice(1);
    } else if (digits.startsWith(COUNTRY_CODE) && digits.length > NATIONAL_LENGTH) {
        national = withoutTrunkZero(digits.slice(COUNTRY_CODE.length));
    } else {
        national = digits;
    }
    return national.startsWith('9') && national.length === NATIONAL_LENGTH;
}
