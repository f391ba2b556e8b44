"""Public respondents named as such: the organisation they stated kept apart from their name

A public respondent's `name` was the organisation it typed (or its own name), so an open-round
answer could read as one from a registered consultee of the same name. The organisation moves to
`stated_organisation`, and `name` becomes the person marked «åpen høring».

Revision ID: 3c5e8f1a9b27
Revises: a7c3e9f1b2d4
Create Date: 2026-12-03 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c5e8f1a9b27'
down_revision = 'a7c3e9f1b2d4'
branch_labels = None
depends_on = None

#: As app/consultees/names.py writes it in bokmål (copied: a migration never imports the app)
PART_MAX = 80

consultees = sa.table('consultees', sa.column('id', sa.Integer()), sa.column('name', sa.String()),
                      sa.column('contact_name', sa.String()), sa.column('stated_organisation', sa.String()),
                      sa.column('is_public', sa.Boolean()))


def _marked(person, organisation):
    person = ' '.join(person.split())[:PART_MAX]
    if organisation:
        return f"{person} (åpen høring, oppgitt organisasjon: {' '.join(organisation.split())[:PART_MAX]})"
    return f"{person} (åpen høring)"


def upgrade():
    with op.batch_alter_table('consultees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stated_organisation', sa.String(length=200), nullable=True))

    connection = op.get_bind()
    rows = connection.execute(sa.select(consultees.c.id, consultees.c.name, consultees.c.contact_name)
                              .where(consultees.c.is_public.is_(True))).all()
    for id_, name, contact_name in rows:
        person = contact_name or name
        organisation = name if contact_name and name != contact_name else None
        connection.execute(consultees.update().where(consultees.c.id == id_).values(
            name=_marked(person, organisation), stated_organisation=organisation))


def downgrade():
    connection = op.get_bind()
    rows = connection.execute(sa.select(consultees.c.id, consultees.c.contact_name, consultees.c.stated_organisation)
                              .where(consultees.c.is_public.is_(True))).all()
    for id_, contact_name, organisation in rows:
        if contact_name:
            connection.execute(consultees.update().where(consultees.c.id == id_).values(
                name=(organisation or contact_name)[:200]))

    with op.batch_alter_table('consultees', schema=None) as batch_op:
        batch_op.drop_column('stated_organisation')
