namespace Feedback.Classification.Training;

/// <summary>The result of a minimization: where it stopped, the value there, and why.</summary>
internal sealed record MinimizationResult(double[] Minimizer, double Value, int Iterations, bool Converged);

/// <summary>
/// Limited-memory BFGS (Nocedal &amp; Wright, algorithm 7.5) with a backtracking line search under the
/// Armijo condition. Deterministic: the same function and start give the same iterates.
/// </summary>
internal static class Lbfgs
{
    /// <summary>The objective: writes the gradient at x into the second argument and returns the value at x.</summary>
    public delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);

    private const double ArmijoFactor = 1e-4;
    private const int MaxBacktracks = 40;

    public static MinimizationResult Minimize(Objective objective, double[] start, int maxIterations, double gradientTolerance = 1e-5, double valueTolerance = 1e-10, int memory = 10)
    {
        var n = start.Length;
        var x = (double[])start.Clone();
        var gradient = new double[n];
        var value = objective(x, gradient);

        var candidate = new double[n];
        var candidateGradient = new double[n];
        var direction = new double[n];
        var s = new double[memory][];
        var y = new double[memory][];
        var rho = new double[memory];
        var alpha = new double[memory];
        for (var i = 0; i < memory; i++)
        {
            s[i] = new double[n];
            y[i] = new double[n];
        }
        var stored = 0;
        var newest = -1;

        if (Norm(gradient) / Math.Max(1, Norm(x)) < gradientTolerance)
            return new MinimizationResult(x, value, 0, true);

        Negate(gradient, direction);
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            var slope = Dot(gradient, direction);
            var step = iteration == 1 ? Math.Min(1, 1 / Norm(gradient)) : 1;
            double candidateValue = 0;
            var accepted = false;
            for (var backtrack = 0; backtrack < MaxBacktracks; backtrack++)
            {
                for (var i = 0; i < n; i++)
                    candidate[i] = x[i] + step * direction[i];
                candidateValue = objective(candidate, candidateGradient);
                if (candidateValue <= value + ArmijoFactor * step * slope)
                {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted)
                return new MinimizationResult(x, value, iteration, false);

            newest = (newest + 1) % memory;
            var sNew = s[newest];
            var yNew = y[newest];
            for (var i = 0; i < n; i++)
            {
                sNew[i] = candidate[i] - x[i];
                yNew[i] = candidateGradient[i] - gradient[i];
            }
            var sy = Dot(sNew, yNew);
            var yy = Dot(yNew, yNew);
            if (sy > 1e-12 * yy)
            {
                rho[newest] = 1 / sy;
                stored = Math.Min(stored + 1, memory);
            }
            else
            {
                // Curvature too small to trust: drop this pair. Its slot held the oldest pair, now overwritten.
                newest = (newest - 1 + memory) % memory;
                stored = Math.Min(stored, memory - 1);
            }

            var decrease = (value - candidateValue) / Math.Max(Math.Max(Math.Abs(value), Math.Abs(candidateValue)), 1);
            (x, candidate) = (candidate, x);
            (gradient, candidateGradient) = (candidateGradient, gradient);
            value = candidateValue;

            if (Norm(gradient) / Math.Max(1, Norm(x)) < gradientTolerance || decrease < valueTolerance)
                return new MinimizationResult(x, value, iteration, true);

            TwoLoopRecursion(gradient, s, y, rho, alpha, stored, newest, memory, direction);
            if (Dot(gradient, direction) >= 0)
            {
                stored = 0;
                Negate(gradient, direction);
            }
        }
        return new MinimizationResult(x, value, maxIterations, false);
    }

    private static void TwoLoopRecursion(double[] gradient, double[][] s, double[][] y, double[] rho, double[] alpha, int stored, int newest, int memory, double[] direction)
    {
        var n = gradient.Length;
        Array.Copy(gradient, direction, n);
        if (stored == 0)
        {
            Negate(gradient, direction);
            return;
        }
        for (var j = 0; j < stored; j++)
        {
            var i = (newest - j + memory) % memory;
            alpha[i] = rho[i] * Dot(s[i], direction);
            Axpy(-alpha[i], y[i], direction);
        }
        var gamma = Dot(s[newest], y[newest]) / Dot(y[newest], y[newest]);
        for (var i = 0; i < n; i++)
            direction[i] *= gamma;
        for (var j = stored - 1; j >= 0; j--)
        {
            var i = (newest - j + memory) % memory;
            var beta = rho[i] * Dot(y[i], direction);
            Axpy(alpha[i] - beta, s[i], direction);
        }
        for (var i = 0; i < n; i++)
            direction[i] = -direction[i];
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }

    private static double Norm(ReadOnlySpan<double> a) => Math.Sqrt(Dot(a, a));

    private static void Axpy(double factor, ReadOnlySpan<double> x, Span<double> y)
    {
        for (var i = 0; i < y.Length; i++)
            y[i] += factor * x[i];
    }

    private static void Negate(ReadOnlySpan<double> source, Span<double> destination)
    {
        for (var i = 0; i < source.Length; i++)
            destination[i] = -source[i];
    }
}
