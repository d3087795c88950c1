CREATE UNIQUE INDEX uq_users_email ON app.users (email);
