// What staff read for the API's keys: statuses (as the citizen's SMS names them), roles, channels, SLA kinds.

export const STATUS_LABELS = {
    received: 'دریافت شد',
    routed: 'ارجاع شد',
    failed: 'پردازش نشد',
    acknowledged: 'رؤیت شد',
    inprogress: 'در حال بررسی',
    resolved: 'رسیدگی شد',
    rejected: 'پذیرفته نشد',
    recorded: 'نظر ثبت‌شده (بدون نیاز به اقدام)',
    attached: 'پاسخ شهروند، افزوده به پرونده پیشین',
};

export const ROLE_LABELS = {
    'agency-staff': 'کارشناس دستگاه',
    'governorate-analyst': 'کارشناس استانداری',
    'national-admin': 'مدیر ملی',
};

export const CHANNEL_LABELS = {
    sms: 'پیامک',
    web: 'وب‌سایت',
    counteroffice: 'دفتر پیشخوان',
};

export const SLA_LABELS = {
    acknowledge: 'مهلت رؤیت',
    resolve: 'مهلت رسیدگی',
};

export function label(labels, key) {
    return labels[key] ?? key;
}
