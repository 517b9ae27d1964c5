using System.Text.RegularExpressions;

namespace Feedback.Functions.Tests.Architecture;

/// <summary>Each table has one owner: one class gets a client of it, and everything else that reads or writes it calls that class.</summary>
public partial class TableOwnerTests
{
    [Fact]
    public void Only_the_agency_inbox_reads_and_writes_the_agency_inbox_table()
    {
        var clients = SourceTree.Functions().Where(file => AgencyInboxClient().IsMatch(file.Code)).Select(file => file.Path);

        Assert.Equal(["functions/Feedback.Storage/Agencies/TableAgencyInbox.cs"], clients);
    }

    [GeneratedRegex("""GetTableClient\(((\w+\.)?InboxTable|"AgencyInbox")\)""")]
    private static partial Regex AgencyInboxClient();
}
