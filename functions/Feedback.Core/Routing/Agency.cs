namespace Feedback.Core.Routing;

/// <summary>
/// A public body that receives routed feedback in its inbox. <see cref="CountyKey"/> is set for a county's
/// own office (a county town's municipality, a county electricity office) and null for a provincial one.
/// </summary>
public sealed record Agency(string Key, string PersianName, string ProvinceKey, string? CountyKey = null);
