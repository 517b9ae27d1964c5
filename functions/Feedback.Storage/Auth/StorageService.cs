namespace Feedback.Storage.Auth;

/// <summary>The storage services this project speaks to; Shared Key signs each one's requests differently.</summary>
public enum StorageService
{
    Table,
    Queue,
}
