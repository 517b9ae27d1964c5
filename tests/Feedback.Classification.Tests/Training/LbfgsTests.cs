using Feedback.Classification.Training;

namespace Feedback.Classification.Tests.Training;

public class LbfgsTests
{
    /// <summary>f(x) = ½ (x − c)ᵀ A (x − c) + 3 with A symmetric positive definite; minimum 3 at c.</summary>
    private static readonly double[,] QuadraticMatrix =
    {
        { 4, 1, 0, 0 },
        { 1, 3, 0.5, 0 },
        { 0, 0.5, 2, -0.3 },
        { 0, 0, -0.3, 10 },
    };

    private static readonly double[] QuadraticMinimizer = [1.5, -2, 0.25, 7];

    private static double Quadratic(ReadOnlySpan<double> x, Span<double> gradient)
    {
        var n = QuadraticMinimizer.Length;
        double value = 0;
        for (var i = 0; i < n; i++)
        {
            double row = 0;
            for (var j = 0; j < n; j++)
                row += QuadraticMatrix[i, j] * (x[j] - QuadraticMinimizer[j]);
            gradient[i] = row;
            value += 0.5 * (x[i] - QuadraticMinimizer[i]) * row;
        }
        return value + 3;
    }

    private static double Rosenbrock(ReadOnlySpan<double> x, Span<double> gradient)
    {
        var (a, b) = (x[0], x[1]);
        gradient[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        gradient[1] = 200 * (b - a * a);
        return (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a);
    }

    public static TheoryData<double[]> QuadraticStarts() => new()
    {
        new double[] { 0, 0, 0, 0 },
        new double[] { 100, -50, 20, -1000 },
        new double[] { 1.5, -2, 0.25, 6 },
    };

    [Theory]
    [MemberData(nameof(QuadraticStarts))]
    public void Finds_the_minimum_of_a_convex_quadratic(double[] start)
    {
        var result = Lbfgs.Minimize(Quadratic, start, maxIterations: 200, gradientTolerance: 1e-9, valueTolerance: 0);

        Assert.True(result.Converged);
        for (var i = 0; i < QuadraticMinimizer.Length; i++)
            Assert.Equal(QuadraticMinimizer[i], result.Minimizer[i], 1e-6);
        Assert.Equal(3, result.Value, 1e-9);
    }

    [Fact]
    public void Finds_the_minimum_of_the_Rosenbrock_function()
    {
        var result = Lbfgs.Minimize(Rosenbrock, [-1.2, 1], maxIterations: 1000, gradientTolerance: 1e-8, valueTolerance: 0);

        Assert.True(result.Converged);
        Assert.Equal(1, result.Minimizer[0], 1e-4);
        Assert.Equal(1, result.Minimizer[1], 1e-4);
        Assert.True(result.Value < 1e-8, $"value {result.Value} at the end");
    }

    [Fact]
    public void Reports_the_value_at_the_point_it_returns()
    {
        var result = Lbfgs.Minimize(Rosenbrock, [-1.2, 1], maxIterations: 15);

        Assert.Equal(Rosenbrock(result.Minimizer, new double[2]), result.Value, 1e-12);
        Assert.True(result.Value < Rosenbrock([-1.2, 1], new double[2]));
    }

    [Fact]
    public void Stops_at_the_iteration_limit_without_claiming_convergence()
    {
        var result = Lbfgs.Minimize(Rosenbrock, [-1.2, 1], maxIterations: 3, gradientTolerance: 1e-12, valueTolerance: 0);

        Assert.False(result.Converged);
        Assert.Equal(3, result.Iterations);
    }

    [Fact]
    public void Starting_at_the_minimum_returns_it_at_once()
    {
        var result = Lbfgs.Minimize(Quadratic, (double[])QuadraticMinimizer.Clone(), maxIterations: 100);

        Assert.True(result.Converged);
        Assert.Equal(0, result.Iterations);
        Assert.Equal(QuadraticMinimizer, result.Minimizer);
    }

    [Fact]
    public void Does_not_change_the_start_array()
    {
        double[] start = [-1.2, 1];

        Lbfgs.Minimize(Rosenbrock, start, maxIterations: 50);

        Assert.Equal([-1.2, 1], start);
    }

    [Fact]
    public void Same_function_and_start_give_the_same_result()
    {
        var first = Lbfgs.Minimize(Rosenbrock, [-1.2, 1], maxIterations: 100);
        var second = Lbfgs.Minimize(Rosenbrock, [-1.2, 1], maxIterations: 100);

        Assert.Equal(first.Minimizer, second.Minimizer);
        Assert.Equal(first.Iterations, second.Iterations);
    }
}
