namespace Feedback.Storage.Tables;

/// <summary>How a write treats the properties already stored.</summary>
public enum TableUpdateMode
{
    /// <summary>The entity becomes exactly what is sent: properties not sent are removed.</summary>
    Replace,

    /// <summary>Properties sent are set; properties not sent are kept.</summary>
    Merge,
}
