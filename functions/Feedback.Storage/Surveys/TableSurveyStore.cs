using System.Globalization;
using Azure.Data.Tables;
using Feedback.Core.Surveys;
using Feedback.Storage.Tables;

namespace Feedback.Storage.Surveys;

/// <summary>
/// <see cref="ISurveyStore"/> on Table Storage: table <c>Surveys</c>, PK the phone's keyed hash, RK inverted send
/// ticks and the survey id, so a phone's surveys read newest first from one small partition.
/// </summary>
public sealed class TableSurveyStore(TableServiceClient tables) : ISurveyStore
{
    public const string SurveysTable = "Surveys";

    private readonly TableClient surveys = tables.GetTableClient(SurveysTable);

    public Task AddAsync(Survey survey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var newestFirst = (DateTimeOffset.MaxValue.UtcTicks - survey.SendAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        var entity = new TableEntity(survey.PhoneHash, $"{newestFirst}|{survey.Id}")
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
        return surveys.AddEntityAsync(entity, cancellationToken);
    }

    public async Task<IReadOnlyList<Survey>> ListSinceAsync(string phoneHash, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var found = new List<Survey>();
        await foreach (var entity in surveys.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {phoneHash} and SendAt ge {since}"), cancellationToken: cancellationToken))
        {
            found.Add(new Survey(
                entity.GetString("SurveyId")!,
                entity.PartitionKey,
                entity.GetString("ServiceCode")!,
                entity.GetString("ServiceName"),
                entity.GetString("AgencyKey")!,
                entity.GetString("CounterOffice"),
                entity.GetDateTimeOffset("CompletedAt")!.Value,
                entity.GetDateTimeOffset("SendAt")!.Value));
        }
        return found;
    }
}
