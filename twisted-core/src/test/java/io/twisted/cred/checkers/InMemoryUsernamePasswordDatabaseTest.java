package io.twisted.cred.checkers;

import static io.twisted.cred.Results.failureOf;
import static io.twisted.cred.Results.successOf;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twisted.cred.CredentialsChecker;
import io.twisted.cred.credentials.Anonymous;
import io.twisted.cred.credentials.ApopCredentials;
import io.twisted.cred.credentials.CramMd5Credentials;
import io.twisted.cred.credentials.UsernamePassword;
import io.twisted.cred.error.UnauthorizedLogin;
import io.twisted.cred.error.UnhandledCredentials;
import org.junit.jupiter.api.Test;

class InMemoryUsernamePasswordDatabaseTest {

    private final InMemoryUsernamePasswordDatabase db = new InMemoryUsernamePasswordDatabase()
            .addUser("tim", "tanstaaftanstaaf")   // RFC 2195 section 2 example user
            .addUser("mrose", "tanstaaf");        // RFC 1939 section 7 example user

    @Test
    void checksPlainPasswords() {
        assertEquals("tim", successOf(db.requestAvatarId(new UsernamePassword("tim", "tanstaaftanstaaf"))));
        failureOf(db.requestAvatarId(new UsernamePassword("tim", "tanstaaf")), UnauthorizedLogin.class);
        failureOf(db.requestAvatarId(new UsernamePassword("Tim", "tanstaaftanstaaf")), UnauthorizedLogin.class);
    }

    @Test
    void checksTheRfc2195CramMd5Example() {
        CramMd5Credentials cram = new CramMd5Credentials("<1896.697170952@postoffice.reston.mci.net>".getBytes(US_ASCII));
        cram.setResponse("tim b913a602c7eda7a495b4e6e7334d3890".getBytes(US_ASCII));

        assertEquals("tim", successOf(db.requestAvatarId(cram)));

        db.addUser("tim", "changed");
        failureOf(db.requestAvatarId(cram), UnauthorizedLogin.class);
    }

    @Test
    void checksTheRfc1939ApopExample() {
        ApopCredentials apop = new ApopCredentials("<1896.697170952@dbc.mtview.ca.us>", "mrose",
                "c4c9334bac560ecc979e58001b3e22fb");

        assertEquals("mrose", successOf(db.requestAvatarId(apop)));
    }

    @Test
    void unknownUserFailsLikeAWrongPassword() {
        UnauthorizedLogin unknown = failureOf(db.requestAvatarId(new UsernamePassword("nobody", "x")), UnauthorizedLogin.class);
        UnauthorizedLogin wrong = failureOf(db.requestAvatarId(new UsernamePassword("tim", "x")), UnauthorizedLogin.class);

        assertEquals(wrong.getMessage(), unknown.getMessage());
    }

    @Test
    void removedUserCannotLogIn() {
        assertTrue(db.removeUser("tim"));
        assertFalse(db.removeUser("tim"));

        failureOf(db.requestAvatarId(new UsernamePassword("tim", "tanstaaftanstaaf")), UnauthorizedLogin.class);
    }

    @Test
    void otherCredentialsAreUnhandled() {
        failureOf(db.requestAvatarId(Anonymous.INSTANCE), UnhandledCredentials.class);
    }

    @Test
    void cramMd5WithoutResponseFailsInsteadOfThrowing() {
        CramMd5Credentials cram = new CramMd5Credentials("<1.2@host>".getBytes(US_ASCII));

        failureOf(db.requestAvatarId(cram), IllegalStateException.class);
    }

    @Test
    void anonymousAccessGivesTheAnonymousAvatarId() {
        assertSame(CredentialsChecker.ANONYMOUS, successOf(new AllowAnonymousAccess().requestAvatarId(Anonymous.INSTANCE)));
    }
}
