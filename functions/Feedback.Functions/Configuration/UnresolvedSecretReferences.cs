using Microsoft.Extensions.Options;

namespace Feedback.Functions.Configuration;

/// <summary>
/// Refuses to start while any setting still holds a Key Vault reference. App Service resolves
/// <c>@Microsoft.KeyVault(...)</c> app settings before the process starts; when it cannot (the secret is missing,
/// or the identity may not read it) it leaves the literal reference in the setting, as Microsoft documents
/// ("If a reference isn't resolved properly, the reference string is used instead"). That literal is longer
/// than 32 characters, so it would pass as a webhook secret and make the webhook accept a guessable string.
/// Every setting is checked, not only the app's own, because any of them may be a reference.
/// </summary>
internal sealed class UnresolvedSecretReferences(IConfiguration configuration) : IValidateOptions<PipelineSettings>
{
    private const string ReferencePrefix = "@Microsoft.KeyVault(";

    public ValidateOptionsResult Validate(string? name, PipelineSettings options)
    {
        var problems = Find(configuration);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>One problem per setting whose value is an unresolved reference, named as the app setting is (with "__").</summary>
    public static IReadOnlyList<string> Find(IConfiguration configuration) =>
        [.. configuration.AsEnumerable()
            .Where(setting => setting.Value?.TrimStart().StartsWith(ReferencePrefix, StringComparison.OrdinalIgnoreCase) == true)
            .Select(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .Select(setting => $"{setting} is an unresolved Key Vault reference: the secret is missing from the vault or the app's identity cannot read it (docs/operations.md, \"Set the secrets\")")];
}
