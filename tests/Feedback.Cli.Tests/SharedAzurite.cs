using Feedback.Testing;

namespace Feedback.Cli.Tests;

[CollectionDefinition(Azurite.Collection)]
public sealed class SharedAzurite : ICollectionFixture<Azurite>;
