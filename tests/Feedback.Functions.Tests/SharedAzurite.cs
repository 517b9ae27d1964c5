using Feedback.Testing;

namespace Feedback.Functions.Tests;

[CollectionDefinition(Azurite.Collection)]
public sealed class SharedAzurite : ICollectionFixture<Azurite>;

/// <summary>
/// A second collection, with an Azurite of its own, for the longest classes. xunit runs one collection's tests one after
/// another, so with a single collection the suite lasted as long as all its Azurite tests in a row. The two collections
/// run side by side, each on its own Azurite, so tests still take turns on any one storage.
/// </summary>
[CollectionDefinition(Collection)]
public sealed class SecondAzurite : ICollectionFixture<Azurite>
{
    public const string Collection = "Azurite, second";
}
