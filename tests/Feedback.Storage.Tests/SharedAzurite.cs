using Feedback.Testing;

namespace Feedback.Storage.Tests;

[CollectionDefinition(Azurite.Collection)]
public sealed class SharedAzurite : ICollectionFixture<Azurite>;
