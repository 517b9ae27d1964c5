namespace Feedback.Classification.Training;

/// <summary>Training data that is well-formed but cannot train a model (too few rows, a class missing).</summary>
public sealed class TrainingDataException(string message) : Exception(message);
