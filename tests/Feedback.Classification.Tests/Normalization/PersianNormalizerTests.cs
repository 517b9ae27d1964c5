using Feedback.Classification.Normalization;

namespace Feedback.Classification.Tests.Normalization;

public class PersianNormalizerTests
{
    [Theory]
    [InlineData("علي", "علی")]
    [InlineData("مصطفى", "مصطفی")]
    [InlineData("كتاب", "کتاب")]
    [InlineData("يك كيلو", "یک کیلو")]
    [InlineData("آب لوله كشي", "آب لوله کشی")]
    public void Arabic_yeh_and_kaf_become_Persian(string input, string expected) =>
        Assert.Equal(expected, PersianNormalizer.Normalize(input));

    [Theory]
    [InlineData("مدرسۀ خوب", "مدرسه خوب")]
    [InlineData("مدرسة", "مدرسه")]
    [InlineData("خانۀ ما", "خانه ما")]
    [InlineData("بلدية", "بلدیه")]
    public void Heh_with_yeh_and_teh_marbuta_become_heh(string input, string expected) =>
        Assert.Equal(expected, PersianNormalizer.Normalize(input));

    [Theory]
    [InlineData("۰۱۲۳۴۵۶۷۸۹", "0123456789")]
    [InlineData("٠١٢٣٤٥٦٧٨٩", "0123456789")]
    [InlineData("ساعت ۸ صبح", "ساعت 8 صبح")]
    [InlineData("منطقه ٤ مشهد", "منطقه 4 مشهد")]
    [InlineData("۱۲ و 34 و ٥٦", "12 و 34 و 56")]
    public void Persian_and_Arabic_Indic_digits_become_ASCII(string input, string expected) =>
        Assert.Equal(expected, PersianNormalizer.Normalize(input));

    [Theory]
    [InlineData("س\u064Eلام\u064C", "سلام")]
    [InlineData("محم\u0651د", "محمد")]
    [InlineData("کتاب\u0650 من", "کتاب من")]
    [InlineData("ع\u064Fمر", "عمر")]
    [InlineData("جدا\u064B", "جدا")]
    [InlineData("سـلـام", "سلام")]
    [InlineData("خیلـــــی بد", "خیلی بد")]
    public void Diacritics_and_tatweel_are_removed(string input, string expected) =>
        Assert.Equal(expected, PersianNormalizer.Normalize(input));

    [Theory]
    [InlineData("می\u200Cروم", "می روم", "میروم", "میروم")]
    [InlineData("نمی\u200Cدانم", "نمی دانم", "نمیدانم", "نمیدانم")]
    [InlineData("آب نمی\u200Cآید", "آب نمی آید", "آب نمیآید", "آب نمیآید")]
    [InlineData("کتاب\u200Cها", "کتاب ها", "کتابها", "کتابها")]
    [InlineData("خیابان\u200Cهای شهر", "خیابان های شهر", "خیابانهای شهر", "خیابانهای شهر")]
    [InlineData("صف اینجا بزرگ\u200Cتر از اونجاست", "صف اینجا بزرگ تر از اونجاست", "صف اینجا بزرگتر از اونجاست", "صف اینجا بزرگتر از اونجاست")]
    [InlineData("خانه\u200Cی ما", "خانه ی ما", "خانۀ ما", "خانه ما")]
    [InlineData("بد\u200Cترین اداره", "بد ترین اداره", "بدترین اداره", "بدترین اداره")]
    [InlineData("قبض\u200Cها را می\u200Cفرستند", "قبض ها را می فرستند", "قبضها را میفرستند", "قبضها را میفرستند")]
    public void Half_space_space_and_joined_affixes_give_one_form(string withZwnj, string withSpace, string joined, string expected)
    {
        Assert.Equal(expected, PersianNormalizer.Normalize(withZwnj));
        Assert.Equal(expected, PersianNormalizer.Normalize(withSpace));
        Assert.Equal(expected, PersianNormalizer.Normalize(joined));
    }

    [Theory]
    [InlineData("خیلییییی", "خیلی")]
    [InlineData("سلاااام", "سلام")]
    [InlineData("عالیییی خوبههه", "عالی خوبه")]
    [InlineData("sooooo good", "soo good")]
    [InlineData("GOOOOOD", "good")]
    [InlineData("1111111", "1111111")]
    [InlineData("۱۱۱۱۱", "11111")]
    [InlineData("الله", "الله")]
    [InlineData("cool", "cool")]
    public void Runs_of_three_or_more_letters_are_squeezed(string input, string expected) =>
        Assert.Equal(expected, PersianNormalizer.Normalize(input));

    [Theory]
    [InlineData("HELLO World", "hello world")]
    [InlineData("SMS", "sms")]
    [InlineData("iPhone خراب", "iphone خراب")]
    public void Latin_letters_are_lower_cased(string input, string expected) =>
        Assert.Equal(expected, PersianNormalizer.Normalize(input));

    [Theory]
    [InlineData("http://example.com/a?b=1 سلام", "<url> سلام")]
    [InlineData("https://my.gov.ir/services", "<url>")]
    [InlineData("سایت www.tax.gov.ir خرابه", "سایت <url> خرابه")]
    [InlineData("HTTPS://Example.COM/Page", "<url>")]
    [InlineData("ایمیل ali.reza@gmail.com بده", "ایمیل <email> بده")]
    [InlineData("Info@Post.ir", "<email>")]
    public void Urls_and_emails_become_placeholders(string input, string expected) =>
        Assert.Equal(expected, PersianNormalizer.Normalize(input));

    [Theory]
    [InlineData("09121234567", "<phone>")]
    [InlineData("0912 123 4567", "<phone>")]
    [InlineData("0912-123-4567", "<phone>")]
    [InlineData("0912.123.4567", "<phone>")]
    [InlineData("+989121234567", "<phone>")]
    [InlineData("+98 912 123 4567", "<phone>")]
    [InlineData("00989121234567", "<phone>")]
    [InlineData("989121234567", "<phone>")]
    [InlineData("۰۹۱۲۱۲۳۴۵۶۷", "<phone>")]
    [InlineData("۰۹۱۲ ۱۲۳ ۴۵۶۷", "<phone>")]
    [InlineData("۰۹۱۲-۱۲۳-۴۵۶۷", "<phone>")]
    [InlineData("021-88776655", "<phone>")]
    [InlineData("02188776655", "<phone>")]
    [InlineData("۰۲۱-۸۸۷۷۶۶۵۵", "<phone>")]
    [InlineData("(021) 88776655", "<phone>")]
    [InlineData("با شماره 09121234567 تماس بگیرید", "با شماره <phone> تماس بگیرید")]
    [InlineData("تماس:09121234567", "تماس <phone>")]
    public void Iranian_phone_numbers_become_a_placeholder(string input, string expected) =>
        Assert.Equal(expected, PersianNormalizer.Normalize(input));

    [Theory]
    [InlineData("تماس با 122", "تماس با 122")]
    [InlineData("سال ۱۴۰۳", "سال 1403")]
    [InlineData("کد 1234567890", "کد 1234567890")]
    [InlineData("شماره اشتراک ۳۲۱۴۵۶۷۸۹۰", "شماره اشتراک 3214567890")]
    [InlineData("0912123456789", "0912123456789")]
    [InlineData("کارت 6037991234567890", "کارت 6037991234567890")]
    public void Other_numbers_are_kept(string input, string expected) =>
        Assert.Equal(expected, PersianNormalizer.Normalize(input));

    [Theory]
    [InlineData("مرسی😡", "مرسی 😡")]
    [InlineData("سلام😡خوب", "سلام 😡 خوب")]
    [InlineData("😡😭", "😡 😭")]
    [InlineData("👍🏽", "👍")]
    [InlineData("عالی👍🏻👍🏿", "عالی 👍")]
    [InlineData("❤️", "❤")]
    [InlineData("مرسی ❤️❤️❤️", "مرسی ❤")]
    [InlineData("😡😡😡", "😡")]
    [InlineData("😡 😡 😡", "😡")]
    [InlineData("😡 بد 😡", "😡 بد 😡")]
    [InlineData("هوا☀️خوب", "هوا ☀ خوب")]
    public void Emoji_are_kept_as_separate_tokens(string input, string expected) =>
        Assert.Equal(expected, PersianNormalizer.Normalize(input));

    [Theory]
    [InlineData("سلام :) خوب", "سلام 🙂 خوب")]
    [InlineData("خیلی بد:(", "خیلی بد 🙁")]
    [InlineData("خوب:)))", "خوب 🙂")]
    [InlineData(":( :)", "🙁 🙂")]
    [InlineData("🙂 :)", "🙂")]
    public void Smileys_become_emoji_tokens(string input, string expected) =>
        Assert.Equal(expected, PersianNormalizer.Normalize(input));

    [Theory]
    [InlineData("چرا؟", "چرا ؟")]
    [InlineData("چرا?", "چرا ؟")]
    [InlineData("چرا؟؟؟", "چرا ؟")]
    [InlineData("چرا ??", "چرا ؟")]
    [InlineData("چرا؟ ?", "چرا ؟")]
    [InlineData("عالی!", "عالی !")]
    [InlineData("عالی!!!", "عالی !")]
    [InlineData("واقعا؟!", "واقعا ؟ !")]
    public void Question_and_exclamation_marks_are_one_token_each(string input, string expected) =>
        Assert.Equal(expected, PersianNormalizer.Normalize(input));

    [Theory]
    [InlineData("سلام،خوب.بد", "سلام خوب بد")]
    [InlineData("آب؛ برق: گاز", "آب برق گاز")]
    [InlineData("«گاز» (قطع)", "گاز قطع")]
    [InlineData("a,b", "a b")]
    [InlineData("اول-دوم", "اول دوم")]
    [InlineData("سلام...خوبی", "سلام خوبی")]
    [InlineData("a<b>c", "a b c")]
    public void Other_punctuation_separates_words(string input, string expected) =>
        Assert.Equal(expected, PersianNormalizer.Normalize(input));

    [Theory]
    [InlineData("10,000 تومان", "10000 تومان")]
    [InlineData("۱۰٬۰۰۰ تومان", "10000 تومان")]
    [InlineData("1,234,567", "1234567")]
    [InlineData("۱۰٬۰۰۰٬۰۰۰ ریال", "10000000 ریال")]
    [InlineData("موارد ۱،۲،۳", "موارد 1 2 3")]
    [InlineData("2,5 کیلو", "2 5 کیلو")]
    public void Thousands_separators_do_not_split_a_number(string input, string expected) =>
        Assert.Equal(expected, PersianNormalizer.Normalize(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    [InlineData("\u200C")]
    public void Nothing_gives_the_empty_string(string? input) =>
        Assert.Equal(string.Empty, PersianNormalizer.Normalize(input));

    public static TheoryData<string> CorpusMessages()
    {
        var data = new TheoryData<string>();
        foreach (var message in RepositoryFiles.CorpusSample(perFile: 3))
            data.Add(message.Text);
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusMessages))]
    public void Normalizing_a_corpus_message_twice_changes_nothing(string text)
    {
        var once = PersianNormalizer.Normalize(text);
        Assert.NotEmpty(once);
        Assert.Equal(once, PersianNormalizer.Normalize(once));
    }

    [Theory]
    [MemberData(nameof(CorpusMessages))]
    public void Output_is_single_space_separated_tokens(string text)
    {
        var normalized = PersianNormalizer.Normalize(text);
        Assert.Equal(string.Join(' ', normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries)), normalized);
    }

    [Theory]
    [InlineData("سایت https://my.gov.ir/x خرابه، به ali@gmail.com ایمیل زدم")]
    [InlineData("با ۰۹۱۲-۱۲۳-۴۵۶۷ و (021) 88776655 تماس گرفتم جواب ندادن")]
    [InlineData("خیلییییی بدددد 😡😡 :( چرا؟؟؟")]
    [InlineData("قبض‌های آب ۱۰٬۰۰۰ تومان گرون‌تر شده!!!")]
    [InlineData("SOOOO bad 👍🏽 www.example.com")]
    public void Normalizing_a_message_with_placeholders_twice_changes_nothing(string text)
    {
        var once = PersianNormalizer.Normalize(text);
        Assert.Equal(once, PersianNormalizer.Normalize(once));
    }

    [Theory]
    [InlineData("زباله تر و خشک رو جدا نمیبرن", "زباله تر و خشک رو جدا نمیبرن")]
    [InlineData("سقف خونه تر شده", "سقف خونه تر شده")]
    [InlineData("دریاچه هامون خشک شده", "دریاچه هامون خشک شده")]
    public void Words_that_look_like_suffixes_stay_apart(string input, string expected) =>
        Assert.Equal(expected, PersianNormalizer.Normalize(input));

    [Theory]
    [InlineData("۱۲,۰۰۰,۰۰۰ تومان", "12000000 تومان")]
    [InlineData("۱۲.۰۰۰.۰۰۰ تومان", "12000000 تومان")]
    [InlineData("۳۵۰٫۰۰۰ ریال", "350000 ریال")]
    [InlineData("۲٫۵ برابر", "2.5 برابر")]
    [InlineData("3.5 ساعت", "3.5 ساعت")]
    [InlineData("1403/02/15", "1403 02 15")]
    public void Amounts_and_decimals_stay_one_number(string input, string expected) =>
        Assert.Equal(expected, PersianNormalizer.Normalize(input));

    [Theory]
    [InlineData("مرسی (:", "مرسی 🙂")]
    [InlineData("بازم قطع شد ):", "بازم قطع شد 🙁")]
    [InlineData("salam:dastet dard nakone", "salam dastet dard nakone")]
    [InlineData("ساعت ⏰ گذشت", "ساعت ⏰ گذشت")]
    public void Right_to_left_smileys_and_clock_emoji_are_tokens(string input, string expected) =>
        Assert.Equal(expected, PersianNormalizer.Normalize(input));

    [Fact]
    public void A_url_ends_at_persian_punctuation() =>
        Assert.Equal("<url> لطفا", PersianNormalizer.Normalize("https://my.gov.ir/خدمات،لطفا"));
}
