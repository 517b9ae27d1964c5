using System.Globalization;
using Feedback.Core.Time;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Functions.Http;

/// <summary>
/// The Persian words of a citizen-facing endpoint's problems: what was not done, a detail per status, a message per
/// field. The pages show them as they come, so the wording lives here, once.
/// </summary>
/// <param name="NotDone">What the citizen asked for and did not get, said first («بازخورد ثبت نشد.»).</param>
/// <param name="Details">The detail by status (429 and 503 are worded from <paramref name="NotDone"/> and Retry-After).</param>
/// <param name="Fields">The message by field, for validation problems; any other field gets <paramref name="OtherField"/>.</param>
internal sealed record CitizenProblems(string NotDone, IReadOnlyDictionary<int, string> Details, IReadOnlyDictionary<string, string> Fields, string OtherField)
{
    /// <summary>The English detail, kept beside the Persian one for machine clients.</summary>
    public const string EnglishDetail = "englishDetail";

    /// <summary>The English field errors (with the type a value must have), kept beside the Persian ones.</summary>
    public const string EnglishErrors = "englishErrors";

    public static readonly CitizenProblems WebFeedback = new(
        "بازخورد ثبت نشد.",
        new Dictionary<int, string>
        {
            [StatusCodes.Status400BadRequest] = "بازخورد فرستاده نشد. ایرادهایی را که کنار هر خانه نوشته شده برطرف کنید.",
            [StatusCodes.Status413PayloadTooLarge] = "بازخورد ثبت نشد: آنچه فرستاده شد بیش از اندازه بزرگ است. متن بازخورد حداکثر ۲۰۰۰ نویسه دارد.",
            [StatusCodes.Status415UnsupportedMediaType] = "بازخورد ثبت نشد: آن را از فرم همین صفحه بفرستید.",
        },
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["text"] = "سامانه این متن را نپذیرفت: نوشتن متن الزامی است، حداکثر ۲۰۰۰ نویسه دارد و نباید نویسه‌های کنترلی نامرئی داشته باشد. متن را بازبینی کنید.",
            ["phone"] = "شماره تلفن همراه درست نیست. شماره‌ای ۱۱ رقمی بنویسید که با ۰۹ شروع شود، مانند ۰۹۱۲۱۲۳۴۵۶۷؛ یا آن را خالی بگذارید.",
            ["province"] = "سامانه این استان را نپذیرفت؛ صفحه را دوباره باز کنید.",
            ["county"] = "سامانه این شهرستان را نپذیرفت؛ شهرستان را دوباره از فهرست انتخاب کنید.",
            ["rating"] = "امتیاز باید یکی از گزینه‌های ۱ تا ۵ یا «بدون امتیاز» باشد.",
            ["agency"] = "سامانه این دستگاه اجرایی را نپذیرفت؛ دستگاه را دوباره از فهرست انتخاب کنید.",
            ["serviceCode"] = "سامانه کد این خدمت را نپذیرفت؛ پیوندی را که از آن به این صفحه آمدید دوباره باز کنید.",
        },
        "سامانه این درخواست را نتوانست بخواند؛ صفحه را دوباره باز کنید و دوباره بفرستید.");

    public static readonly CitizenProblems StatusLookup = new(
        "وضعیت خوانده نشد.",
        new Dictionary<int, string>
        {
            [StatusCodes.Status400BadRequest] = "کد پیگیری ۱۰ رقم دارد. فقط رقم‌های کد را وارد کنید.",
            [StatusCodes.Status422UnprocessableEntity] = "این کد درست نوشته نشده است: رقم آخر آن با رقم‌های دیگرش نمی‌خواند. کد را دوباره با دقت از پیامک یا صفحه ثبت بازخورد بنویسید.",
            [StatusCodes.Status404NotFound] = "بازخوردی با این کد پیدا نشد. کد درست نوشته شده، اما در این سامانه بازخوردی با آن ثبت نیست؛ آن را با کدی که هنگام ثبت گرفته‌اید مقایسه کنید.",
        },
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["trackingCode"] = "کد پیگیری ۱۰ رقم دارد. فقط رقم‌های کد را وارد کنید.",
        },
        "کد پیگیری خوانده نشد.");

    public static readonly CitizenProblems Scorecard = new(
        "کارنامه خوانده نشد.",
        new Dictionary<int, string>
        {
            [StatusCodes.Status400BadRequest] = "این دوره در کارنامه نیست؛ دوره را از فهرست انتخاب کنید.",
        },
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["period"] = "دوره باید ماه، فصل یا سالی شمسی از ۱۴۰۰ به بعد باشد که آغاز شده است، مانند ۱۴۰۵-۰۹ یا ۱۴۰۵.",
        },
        "دوره خوانده نشد؛ آن را از فهرست انتخاب کنید.");

    /// <summary>The endpoint's problems answered in Persian (the English detail kept as <see cref="EnglishDetail"/>).</summary>
    public RouteHandlerBuilder For(RouteHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(this).AddEndpointFilter(async (invocation, next) => Translate(await next(invocation), invocation.HttpContext.Response));
    }

    /// <summary>The detail for 429 and 503: what was not done, why, and how long to wait (Retry-After), in Persian digits.</summary>
    public string Wait(int status, string? retryAfterSeconds)
    {
        var wait = int.TryParse(retryAfterSeconds, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? $"{TehranTime.PersianDigits(seconds.ToString(CultureInfo.InvariantCulture))} ثانیه دیگر"
            : "چند لحظه دیگر";
        return status == StatusCodes.Status429TooManyRequests
            ? $"{NotDone} درخواست‌های شما در این چند لحظه زیاد بوده است؛ لطفاً {wait} دوباره تلاش کنید."
            : $"{NotDone} سامانه در این لحظه در دسترس نیست؛ لطفاً {wait} دوباره تلاش کنید.";
    }

    /// <summary>A 503 in Persian, the English detail kept beside it.</summary>
    public Problems.UnavailableResult Unavailable(Problems.UnavailableResult unavailable)
    {
        ArgumentNullException.ThrowIfNull(unavailable);
        return unavailable with { Detail = Wait(StatusCodes.Status503ServiceUnavailable, unavailable.RetryAfterSeconds), EnglishDetail = unavailable.Detail };
    }

    private object? Translate(object? result, HttpResponse response)
    {
        switch (result)
        {
            case Problems.UnavailableResult unavailable:
                return Unavailable(unavailable);
            case ProblemHttpResult { ProblemDetails: var problem }:
                var status = problem.Status ?? StatusCodes.Status400BadRequest;
                var persian = status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable
                    ? Wait(status, response.Headers.RetryAfter.ToString())
                    : Details.GetValueOrDefault(status);
                if (persian is not null)
                {
                    problem.Extensions[EnglishDetail] = problem.Detail;
                    problem.Detail = persian;
                }
                if (problem is HttpValidationProblemDetails validation)
                {
                    problem.Extensions[EnglishErrors] = new Dictionary<string, string[]>(validation.Errors);
                    foreach (var field in validation.Errors.Keys.ToList())
                        validation.Errors[field] = [Fields.GetValueOrDefault(field) ?? OtherField];
                }
                return result;
            default:
                return result;
        }
    }
}
