using Feedback.Testing;

namespace Feedback.Functions.Tests;

[CollectionDefinition(Azurite.Collection)]
public sealed class SharedAzurite : ICollectionFixture<Azurite>;
