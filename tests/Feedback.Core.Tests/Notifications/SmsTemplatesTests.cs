using System.Text.RegularExpressions;
using Feedback.Core.Items;
using Feedback.Core.Notifications;
using Feedback.Core.Routing;
using Feedback.Core.Time;

namespace Feedback.Core.Tests.Notifications;

public partial class SmsTemplatesTests
{
    private static readonly TrackingCode Code = TrackingCode.FromCanonical("1234567894")!;
    private const string CodeInPersian = "۱۲۳۴۵۶۷۸۹۴";
    private const int TwoUcs2Segments = 134;

    private static readonly Uri StatusPage = new("https://feedback.zanjan.ir/status");

    /// <summary>Services citizens complete at counter offices and agencies, as the agencies name them.</summary>
    private static readonly string[] ServiceNames =
    [
        "صدور گذرنامه",
        "تعویض پلاک خودرو",
        "ثبت‌نام کارت سوخت",
        "صدور پروانه ساختمان",
        "صدور کارت هوشمند ملی",
        "صدور المثنی شناسنامه",
        "نقل و انتقال سند خودرو",
        "ثبت درخواست انشعاب برق",
        "تمدید گواهینامه رانندگی",
        "صدور گواهی عدم سوء پیشینه",
        "درخواست انشعاب آب و فاضلاب",
        "پرداخت عوارض نوسازی شهرداری",
    ];

    private static readonly string LongestAgency = DemoRoutingData.Agencies.MaxBy(agency => agency.PersianName.Length)!.PersianName;

    private static readonly string LongestService = ServiceNames.MaxBy(name => name.Length)!;

    /// <summary>
    /// The pilot's provincial agencies as every province names its own: the longest names any deployment has
    /// («اداره کل راهداری و حمل‌ونقل جاده‌ای استان کهگیلویه و بویراحمد»).
    /// </summary>
    private static readonly string[] NationwideAgencyNames = DemoRoutingData.Agencies
        .Where(agency => agency.PersianName.EndsWith("استان زنجان", StringComparison.Ordinal))
        .SelectMany(agency => Provinces.All.Select(province => agency.PersianName.Replace("زنجان", province.PersianName, StringComparison.Ordinal)))
        .ToArray();

    private static readonly string LongestNationwideAgency = NationwideAgencyNames.MaxBy(name => name.Length)!;

    /// <summary>A date in the last Jalali month, ۱۴۰۵/۱۲/۱۹ in Tehran; every Jalali date is ten characters (see TehranTimeTests).</summary>
    private static readonly DateTimeOffset LateInTheYear = new(2027, 3, 10, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<NotifiedStatus> Statuses => [.. Enum.GetValues<NotifiedStatus>()];

    [Fact]
    public void The_realistic_values_are_as_long_as_the_budgets_assume()
    {
        Assert.Equal("اداره کل راهداری و حمل‌ونقل جاده‌ای استان زنجان", LongestAgency);
        Assert.Equal("اداره کل راهداری و حمل‌ونقل جاده‌ای استان کهگیلویه و بویراحمد", LongestNationwideAgency);
        Assert.Equal(27, LongestService.Length);
    }

    [Fact]
    public void Survey_invitation_names_every_pilot_agency_whole_asks_for_1_to_5_and_says_how_to_opt_out()
    {
        foreach (var agency in DemoRoutingData.Agencies)
        {
            var text = SmsTemplates.SurveyInvitation(agency.PersianName, serviceName: null);

            AssertFits(text);
            Assert.Contains(agency.PersianName, text, StringComparison.Ordinal);
            Assert.Contains("۱ تا ۵", text, StringComparison.Ordinal);
            Assert.Equal(SmsCommand.OptOut, OptOutCommand.Parse(text[text.LastIndexOf(' ')..]));
        }
    }

    [Fact]
    public void Survey_invitation_with_the_longest_agency_and_service_fits_and_keeps_the_agency_whole()
    {
        var text = SmsTemplates.SurveyInvitation(LongestAgency, LongestService);

        AssertFits(text);
        Assert.Contains(LongestAgency, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Survey_invitation_names_the_service_when_agency_and_service_leave_room()
    {
        foreach (var service in ServiceNames)
        {
            var text = SmsTemplates.SurveyInvitation("شرکت آب و فاضلاب استان زنجان", service);

            AssertFits(text);
            Assert.Contains($"«{service}»", text, StringComparison.Ordinal);
            Assert.Contains("شرکت آب و فاضلاب استان زنجان", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Survey_invitation_drops_the_service_rather_than_cut_the_agency()
    {
        var text = SmsTemplates.SurveyInvitation(LongestNationwideAgency, LongestService);

        AssertFits(text);
        Assert.Contains(LongestNationwideAgency, text, StringComparison.Ordinal);
        Assert.DoesNotContain(LongestService, text, StringComparison.Ordinal);
        Assert.Equal(SmsTemplates.SurveyInvitation(LongestNationwideAgency, serviceName: null), text);
    }

    [Fact]
    public void Survey_invitation_fits_for_every_agency_name_in_every_province()
    {
        foreach (var agency in NationwideAgencyNames)
        {
            var text = SmsTemplates.SurveyInvitation(agency, LongestService);

            AssertFits(text);
            Assert.Contains(agency, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Survey_invitation_shortens_an_overlong_agency_name_at_a_word()
    {
        var agency = string.Join(' ', Enumerable.Repeat("اداره کل راهداری", 12));

        var text = SmsTemplates.SurveyInvitation(agency, LongestService);

        AssertFits(text);
        var kept = text[3..text.IndexOf('…', StringComparison.Ordinal)];
        Assert.StartsWith(kept, agency, StringComparison.Ordinal);
        Assert.Equal(' ', agency[kept.Length]);
    }

    [Fact]
    public void Survey_invitation_shows_digits_of_names_in_persian()
    {
        var text = SmsTemplates.SurveyInvitation("دفتر پیشخوان دولت 2415 زنجان", "صدور گذرنامه");

        Assert.Contains("دفتر پیشخوان دولت ۲۴۱۵ زنجان", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(AsciiDigit(), text);
    }

    [Fact]
    public void Acknowledgement_with_the_longest_agency_fits_with_code_agency_and_status_page_whole()
    {
        var text = SmsTemplates.Acknowledgement(Code, LongestAgency, StatusPage);

        AssertFits(text);
        Assert.Contains(CodeInPersian, text, StringComparison.Ordinal);
        Assert.Contains(LongestAgency, text, StringComparison.Ordinal);
        Assert.Contains(StatusPage.AbsoluteUri, text, StringComparison.Ordinal);
        Assert.DoesNotMatch(AsciiDigit(), text.Replace(StatusPage.AbsoluteUri, string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void Acknowledgement_with_the_longest_status_page_and_agency_anywhere_fits_and_keeps_code_and_page()
    {
        var longestPage = new Uri("https://feedback.zanjan.ir/" + new string('s', SmsTemplates.MaxStatusPageLength - "https://feedback.zanjan.ir/".Length));
        Assert.Equal(SmsTemplates.MaxStatusPageLength, longestPage.AbsoluteUri.Length);

        foreach (var agency in NationwideAgencyNames)
        {
            var text = SmsTemplates.Acknowledgement(Code, agency, longestPage);

            AssertFits(text);
            Assert.Contains(CodeInPersian, text, StringComparison.Ordinal);
            Assert.EndsWith(longestPage.AbsoluteUri, text, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The status pages of the deployment's default address (infra/bicep/main.bicep's function app name,
    /// func-{namePrefix}-{province}-{environmentName}-{6-character suffix}.azurewebsites.net): the default
    /// names, and the longest names its parameters allow (a 12-character prefix, the longest province key).
    /// </summary>
    [Theory]
    [InlineData("https://func-feedback-zanjan-prod-abc123.azurewebsites.net/status")]
    [InlineData("https://func-feedbackzanj-kohgiluyeh-boyer-ahmad-prod-abc123.azurewebsites.net/status")]
    public void Acknowledgement_takes_the_deployments_own_address_whole(string page)
    {
        var statusPage = new Uri(page);

        foreach (var agency in NationwideAgencyNames.Append(LongestAgency))
        {
            var text = SmsTemplates.Acknowledgement(Code, agency, statusPage);

            AssertFits(text);
            Assert.Contains(CodeInPersian, text, StringComparison.Ordinal);
            Assert.EndsWith(page, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Acknowledgement_leaves_the_agency_out_rather_than_keep_a_stub_of_it()
    {
        var page = new Uri("https://func-feedbackzanj-kohgiluyeh-boyer-ahmad-prod-abc123.azurewebsites.net/status");

        var text = SmsTemplates.Acknowledgement(Code, LongestAgency, page);

        Assert.DoesNotContain("…", text, StringComparison.Ordinal);
        Assert.StartsWith("پیام شما ثبت و ارجاع شد.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1234567895")]
    [InlineData("123456789")]
    [InlineData("09121234567")]
    public void Acknowledgement_refuses_what_is_not_a_tracking_code(string notACode) =>
        // The template takes a TrackingCode, and none is made of these.
        Assert.Null(TrackingCode.FromCanonical(notACode));

    [Theory]
    [InlineData("/status")]
    [InlineData("ftp://feedback.zanjan.ir")]
    [InlineData("https://feedback-for-the-citizens-of-the-province.zanjan.example.org/status/citizen/1234567894")]
    public void Acknowledgement_refuses_a_status_page_that_is_not_a_short_web_address(string page) =>
        Assert.Throws<ArgumentException>(() => SmsTemplates.Acknowledgement(Code, LongestAgency, new Uri(page, UriKind.RelativeOrAbsolute)));

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Status_change_without_a_reply_shows_code_status_and_jalali_date(NotifiedStatus status)
    {
        var text = SmsTemplates.StatusChanged(Code, status, agencyReply: null, LateInTheYear);

        AssertFits(text);
        Assert.Contains(CodeInPersian, text, StringComparison.Ordinal);
        Assert.Contains(SmsTemplates.StatusText(status), text, StringComparison.Ordinal);
        Assert.Contains("۱۴۰۵/۱۲/۱۹", text, StringComparison.Ordinal);
        Assert.DoesNotContain("پاسخ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_change_keeps_a_short_reply_whole()
    {
        var reply = "لوله‌کشی خیابان شما امروز تعمیر شد.";

        var text = SmsTemplates.StatusChanged(Code, NotifiedStatus.Resolved, reply, LateInTheYear);

        AssertFits(text);
        Assert.EndsWith(reply, text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Status_change_cuts_a_long_reply_after_a_whole_word_with_an_ellipsis(NotifiedStatus status)
    {
        var reply = "با سلام، درخواست شما در واحد خدمات مشترکین بررسی شد و کارشناسان ما برای بازدید از محل و رفع مشکل فشار آب "
            + "در روزهای آینده با شما تماس خواهند گرفت. از صبر و همراهی شما سپاسگزاریم.";

        var text = SmsTemplates.StatusChanged(Code, status, reply, LateInTheYear);

        AssertFits(text);
        Assert.InRange(text.Length, TwoUcs2Segments - 12, TwoUcs2Segments);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
        var kept = text[(text.IndexOf("پاسخ دستگاه: ", StringComparison.Ordinal) + "پاسخ دستگاه: ".Length)..^1];
        Assert.StartsWith(kept, reply, StringComparison.Ordinal);
        Assert.Equal(' ', reply[kept.Length]);
    }

    [Fact]
    public void Status_change_cuts_inside_a_word_only_when_the_reply_is_one_word_too_long()
    {
        var reply = new string('ب', 300);

        var text = SmsTemplates.StatusChanged(Code, NotifiedStatus.InProgress, reply, LateInTheYear);

        AssertFits(text);
        Assert.Equal(TwoUcs2Segments, text.Length);
        Assert.EndsWith("ب…", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_change_does_not_split_an_emoji_when_it_cuts()
    {
        var reply = string.Concat(Enumerable.Repeat("🌹", 100));

        var text = SmsTemplates.StatusChanged(Code, NotifiedStatus.Resolved, reply, LateInTheYear);

        AssertFits(text);
        Assert.EndsWith("🌹…", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_change_puts_a_multi_line_reply_on_one_line()
    {
        var text = SmsTemplates.StatusChanged(Code, NotifiedStatus.Resolved, "  مشکل برطرف شد.\n\nبا تشکر  ", LateInTheYear);

        Assert.EndsWith("پاسخ دستگاه: مشکل برطرف شد. با تشکر", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_texts_are_distinct_persian_phrases()
    {
        var texts = Enum.GetValues<NotifiedStatus>().Select(SmsTemplates.StatusText).ToArray();

        Assert.Equal(texts.Length, texts.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("در حال بررسی", texts);
    }

    [Fact]
    public void Opt_out_confirmation_fits_and_names_the_command_that_opts_back_in()
    {
        var text = SmsTemplates.OptOutConfirmed();

        AssertFits(text);
        Assert.Equal(SmsCommand.OptIn, OptOutCommand.Parse(QuotedCommand(text)));
    }

    [Fact]
    public void Opt_in_confirmation_fits_and_names_the_command_that_opts_out()
    {
        var text = SmsTemplates.OptInConfirmed();

        AssertFits(text);
        Assert.Equal(SmsCommand.OptOut, OptOutCommand.Parse(QuotedCommand(text)));
    }

    private static void AssertFits(string text)
    {
        Assert.True(text.Length <= TwoUcs2Segments, $"{text.Length} characters: {text}");
        Assert.True(SmsSegments.FitsIn(text, SmsTemplates.MaxSegments), text);
        Assert.Equal(SmsEncoding.Ucs2, SmsSegments.EncodingOf(text));
    }

    private static string QuotedCommand(string text) => QuotedText().Match(text).Groups[1].Value;

    [GeneratedRegex("«([^»]+)»")]
    private static partial Regex QuotedText();

    [GeneratedRegex("[0-9]")]
    private static partial Regex AsciiDigit();
}
