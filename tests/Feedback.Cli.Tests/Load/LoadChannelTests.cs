using Feedback.Cli.Load;

namespace Feedback.Cli.Tests.Load;

public class LoadChannelTests
{
    [Fact]
    public void The_mix_alternates_web_and_sms_starting_with_web()
    {
        Assert.Equal([false, true, false, true], Enumerable.Range(0, 4).Select(index => LoadChannel.Mix.SendsSms(index)));
    }

    [Fact]
    public void One_channel_sends_every_message_through_its_intake()
    {
        Assert.All(Enumerable.Range(0, 40), index => Assert.True(LoadChannel.Sms.SendsSms(index)));
        Assert.All(Enumerable.Range(0, 40), index => Assert.False(LoadChannel.Web.SendsSms(index)));
    }

    [Theory]
    [InlineData("sms", LoadChannel.Sms)]
    [InlineData("web", LoadChannel.Web)]
    [InlineData("mix", LoadChannel.Mix)]
    public void A_channel_is_named_as_it_is_given(string name, LoadChannel channel)
    {
        Assert.Equal(channel, LoadChannels.Parse(name));
        Assert.Equal(name, channel.Name());
    }
}
