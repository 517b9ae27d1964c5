namespace Feedback.Classification.Model;

public sealed class ModelFormatException(string message) : Exception(message);
