using System.Globalization;
using Azure.Data.Tables;
using Feedback.Core.Items;
using Feedback.Core.Privacy;
using Feedback.Core.Surveys;
using Feedback.Storage.Tables;

namespace Feedback.Storage.Surveys;

/// <summary>
/// <see cref="ISurveyStore"/> on Table Storage: table <c>Surveys</c>, PK the phone's keyed hash, RK inverted send
/// ticks and the survey id, so a phone's surveys read newest first from one small partition. A resolution survey or a
/// staff question also has Purpose and CaseCode; rows without them are service surveys. Writing a survey again
/// (a retried question, whose id is the case's) replaces it.
/// </summary>
public sealed class TableSurveyStore(TableServiceClient tables) : ISurveyStore
{
    public const string SurveysTable = "Surveys";

    private readonly TableClient surveys = tables.GetTableClient(SurveysTable);

    public Task AddAsync(Survey survey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var newestFirst = (DateTimeOffset.MaxValue.UtcTicks - survey.SendAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        var entity = new TableEntity(survey.PhoneHash.Value, $"{newestFirst}|{survey.Id}")
        {
            ["SurveyId"] = survey.Id,
            ["ServiceCode"] = survey.ServiceCode,
            ["AgencyKey"] = survey.AgencyKey,
            ["CompletedAt"] = survey.CompletedAt,
            ["SendAt"] = survey.SendAt,
        };
        if (survey.ServiceName is { } serviceName)
            entity["ServiceName"] = serviceName;
        if (survey.CounterOffice is { } counterOffice)
            entity["CounterOffice"] = counterOffice;
        if (survey.CaseCode is { } caseCode)
        {
            entity["Purpose"] = survey.Purpose.ToString();
            entity["CaseCode"] = caseCode.Value;
        }
        return surveys.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<Survey>> ListSinceAsync(PhoneHash phoneHash, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var found = new List<Survey>();
        await foreach (var entity in surveys.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {phoneHash.Value} and SendAt ge {since}"), cancellationToken: cancellationToken))
        {
            found.Add(new Survey(
                entity.GetString("SurveyId")!,
                new PhoneHash(entity.PartitionKey),
                entity.GetString("ServiceCode")!,
                entity.GetString("ServiceName"),
                entity.GetString("AgencyKey")!,
                entity.GetString("CounterOffice"),
                entity.GetDateTimeOffset("CompletedAt")!.Value,
                entity.GetDateTimeOffset("SendAt")!.Value,
                Enum.TryParse<SurveyPurpose>(entity.GetString("Purpose"), out var purpose) ? purpose : SurveyPurpose.Service,
                entity.GetString("CaseCode") is { } caseCode ? TrackingCode.FromStored(caseCode) : null));
        }
        return found;
    }
}
