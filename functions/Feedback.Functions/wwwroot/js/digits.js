// Digits as Iranians type them: a Persian keyboard gives ۰-۹, an Arabic one ٠-٩, others 0-9.
// The same three scripts the server accepts (Feedback.Core's KeypadDigits).

const PERSIAN_ZERO = 0x06f0;
const ARABIC_INDIC_ZERO = 0x0660;

/** The digit's value 0-9, or -1 when the character is not a digit of the three scripts. */
export function digitValue(character) {
    const code = character.codePointAt(0);
    if (code >= 0x30 && code <= 0x39) return code - 0x30;
    if (code >= PERSIAN_ZERO && code <= PERSIAN_ZERO + 9) return code - PERSIAN_ZERO;
    if (code >= ARABIC_INDIC_ZERO && code <= ARABIC_INDIC_ZERO + 9) return code - ARABIC_INDIC_ZERO;
    return -1;
}

/** The text with its Latin digits written as Persian ones, for anything a person reads. */
export function toPersianDigits(text) {
    return String(text).replace(/[0-9]/g, (digit) => String.fromCodePoint(PERSIAN_ZERO + Number(digit)));
}

/** Invisible marks that copying from right-to-left text brings along (RLM, ZWNJ, …): never part of a number. */
export function isInvisibleMark(character) {
    return /\p{Cf}/u.test(character);
}
