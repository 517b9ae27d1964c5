using Feedback.Testing;

namespace Feedback.Messaging.Tests;

[CollectionDefinition(Azurite.Collection)]
public sealed class SharedAzurite : ICollectionFixture<Azurite>;
