using Feedback.Storage.ServiceBus;

namespace Feedback.Storage.Tests.ServiceBus;

public class ServiceBusConnectionTests
{
    private const string Key = "SECRET/key+value=";

    [Fact]
    public void A_connection_string_gives_the_namespace_and_the_whole_key_with_its_padding()
    {
        var connection = ServiceBusConnection.Parse(
            $"Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=send-only;SharedAccessKey={Key};EntityPath=feedback-intake");

        Assert.Equal("contoso.servicebus.windows.net", connection.FullyQualifiedNamespace);
        Assert.Equal(new Uri("https://contoso.servicebus.windows.net/"), connection.Endpoint);
        Assert.True(connection.UsesSharedAccessKey);
        Assert.Equal(new SharedAccessKeyCredential("send-only", Key), connection.SharedAccessKey);
    }

    [Fact]
    public void Parts_are_read_in_any_order_and_case_with_spaces_around_them()
    {
        var connection = ServiceBusConnection.Parse(
            $" sharedaccesskey={Key} ; SHAREDACCESSKEYNAME=send-only; endpoint=sb://contoso.servicebus.windows.net/ ;");

        Assert.Equal("contoso.servicebus.windows.net", connection.FullyQualifiedNamespace);
        Assert.Equal("send-only", connection.SharedAccessKey?.KeyName);
    }

    [Fact]
    public void The_description_of_a_connection_never_shows_the_key()
    {
        var connection = ServiceBusConnection.Parse(
            $"Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=send-only;SharedAccessKey={Key}");

        Assert.DoesNotContain(Key, connection.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, connection.SharedAccessKey!.ToString(), StringComparison.Ordinal);
        Assert.Contains("send-only", connection.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("contoso.servicebus.windows.net")]
    [InlineData("sb://contoso.servicebus.windows.net/")]
    [InlineData("https://contoso.servicebus.windows.net")]
    [InlineData(" contoso.servicebus.windows.net/ ")]
    public void A_namespace_alone_is_reached_with_entra_id(string value)
    {
        var connection = ServiceBusConnection.Parse(value);

        Assert.Equal("contoso.servicebus.windows.net", connection.FullyQualifiedNamespace);
        Assert.False(connection.UsesSharedAccessKey);
        Assert.Null(connection.SharedAccessKey);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Nothing_configured_is_named_as_such(string? value)
    {
        var error = Assert.Throws<ServiceBusConfigurationException>(() => ServiceBusConnection.Parse(value));

        Assert.Contains("No Service Bus connection string or namespace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_key_is_named_without_showing_what_was_given()
    {
        var error = Assert.Throws<ServiceBusConfigurationException>(() =>
            ServiceBusConnection.Parse("Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=send-only"));

        Assert.Contains("missing SharedAccessKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SharedAccessKeyName,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_missing_part_is_named_at_once()
    {
        var error = Assert.Throws<ServiceBusConfigurationException>(() => ServiceBusConnection.Parse($"SharedAccessKey={Key}"));

        Assert.Contains("missing Endpoint, SharedAccessKeyName:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_key_counts_as_missing()
    {
        var error = Assert.Throws<ServiceBusConfigurationException>(() =>
            ServiceBusConnection.Parse("Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=send-only;SharedAccessKey="));

        Assert.Contains("missing SharedAccessKey", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Endpoint=contoso")]
    [InlineData("Endpoint=ftp://contoso.servicebus.windows.net/")]
    [InlineData("Endpoint=sb://10.0.0.1/")]
    public void An_endpoint_that_is_not_a_namespace_address_is_rejected_without_the_key(string endpoint)
    {
        var error = Assert.Throws<ServiceBusConfigurationException>(() =>
            ServiceBusConnection.Parse($"{endpoint};SharedAccessKeyName=send-only;SharedAccessKey={Key}"));

        Assert.Contains("Endpoint", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_part_without_a_name_is_rejected_without_echoing_it()
    {
        var error = Assert.Throws<ServiceBusConfigurationException>(() =>
            ServiceBusConnection.Parse($"Endpoint=sb://contoso.servicebus.windows.net/;{Key.TrimEnd('=')};SharedAccessKeyName=send-only"));

        Assert.DoesNotContain(Key.TrimEnd('='), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("contoso")]
    [InlineData("contoso servicebus")]
    [InlineData("sb://10.0.0.1/")]
    public void A_value_that_is_no_namespace_is_rejected(string value)
    {
        var error = Assert.Throws<ServiceBusConfigurationException>(() => ServiceBusConnection.Parse(value));

        Assert.Contains("fully-qualified Service Bus namespace", error.Message, StringComparison.Ordinal);
    }
}
