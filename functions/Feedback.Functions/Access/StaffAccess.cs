using Feedback.Functions.Http;
using Feedback.Functions.Operations;

namespace Feedback.Functions.Access;

/// <summary>
/// Role checks on the server, per endpoint: <c>.RequireStaff(StaffRole.AgencyStaff)</c> answers 401 (problem
/// details) when nobody known is signed in and 403 when the role is not allowed; the endpoint then checks the scope
/// (province, agency) of what it reads or changes against <see cref="Staff"/>. Storage that cannot be reached
/// answers 503, as everywhere else.
/// </summary>
public static class StaffAccess
{
    private const string UserItem = "Feedback.StaffUser";

    public static TBuilder RequireStaff<TBuilder>(this TBuilder builder, params StaffRole[] roles)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(roles);
        builder.WithMetadata(new ApiContract.StaffSessionRequired())
            .AnswersProblem(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status503ServiceUnavailable);
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            if (context.RequestServices.GetRequiredService<StaffSignIn>().Refusal() is { } off)
                return off;
            var resolver = context.RequestServices.GetRequiredService<IStaffUserResolver>();
            var user = await resolver.ResolveAsync(context, context.RequestAborted);
            if (user is null)
                return Problems.Status(StatusCodes.Status401Unauthorized, "Sign-in required", "sign in as a member of staff whose membership is recorded");
            if (roles.Length > 0 && !roles.Contains(user.Role))
                return Problems.Status(StatusCodes.Status403Forbidden, "Not allowed", $"the {user.Role} role may not use this");
            context.Items[UserItem] = user;
            return await next(invocation);
        });
        return builder;
    }

    /// <summary>The user <see cref="RequireStaff"/> let through.</summary>
    public static StaffUser Staff(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[UserItem] as StaffUser ?? throw new InvalidOperationException("the endpoint does not RequireStaff");
    }
}
